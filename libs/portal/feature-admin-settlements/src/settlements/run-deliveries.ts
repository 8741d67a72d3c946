import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';

import { type DocumentDelivery, SettlementsApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';

const POLL_MS = 3000;

/**
 * A final run's documents and their delivery by e-mail: status per document (the reason of a failure), the members
 * without an e-mail, and resending one document or every one that did not go out. Refreshes while mails are queued.
 */
@Component({
  selector: 'sd-run-deliveries',
  imports: [TranslatePipe, LocalDatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="deliveries-title" data-testid="run-deliveries">
      <h2 id="deliveries-title">{{ 'deliveries.title' | t }}</h2>
      <sd-api-error [error]="deliveries.error()" />
      <sd-api-error [error]="call.error()" />
      @if (rows(); as list) {
        <p class="hint" data-testid="deliveries-summary">
          {{ 'deliveries.summary' | t: counts() }}
        </p>
        @if (counts().failed + counts().noAddress > 0) {
          <div class="actions">
            <button
              type="button"
              (click)="resendAll()"
              [disabled]="call.busy()"
              data-testid="deliveries-resend-all"
            >
              {{ 'deliveries.resendAll' | t }}
            </button>
          </div>
        }
        <div class="table-wrap" tabindex="0" role="region" [attr.aria-label]="'deliveries.title' | t">
          <table>
            <caption class="visually-hidden">
              {{
                'deliveries.title' | t
              }}
            </caption>
            <thead>
              <tr>
                <!-- the status next to the number: what a phone shows before the table scrolls -->
                <th scope="col">{{ 'deliveries.document' | t }}</th>
                <th scope="col">{{ 'deliveries.status' | t }}</th>
                <th scope="col">{{ 'settlements.member' | t }}</th>
                <th scope="col">{{ 'deliveries.email' | t }}</th>
                <th scope="col">
                  <span class="visually-hidden">{{ 'deliveries.resend' | t }}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              @for (row of list; track row.documentId) {
                <tr [attr.data-status]="row.status" data-testid="delivery-row">
                  <th scope="row">{{ row.number }}</th>
                  <td data-testid="delivery-status">
                    {{ 'deliveryStatus.' + row.status | t }}
                    @if (row.sentAt) {
                      <div class="hint">{{ row.sentAt | sdDate: 'dateTime' }}</div>
                    }
                    @if (row.reason) {
                      <div class="field-error reason">{{ row.reason }}</div>
                    }
                  </td>
                  <td>{{ row.memberName ?? '' }}</td>
                  <td>{{ row.email ?? ('deliveries.noEmail' | t) }}</td>
                  <td>
                    @if (row.status !== 'queued') {
                      <button type="button" (click)="resend(row)" [disabled]="call.busy()">
                        {{ 'deliveries.resend' | t }}
                      </button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>
  `,
  styles: `
    td,
    th {
      vertical-align: top;
    }
    /* a mail server's long answer wraps in a readable column instead of widening the table */
    .reason {
      min-width: 12rem;
      overflow-wrap: anywhere;
    }
  `,
})
export class RunDeliveries {
  private readonly api = inject(SettlementsApi);
  readonly communityId = input.required<string>();
  readonly runId = input.required<string>();

  protected readonly call = new ApiCall();
  protected readonly deliveries = rxResource({
    params: () => ({ communityId: this.communityId(), runId: this.runId() }),
    stream: ({ params }) => this.api.deliveries(params.communityId, params.runId),
  });
  protected readonly rows = computed(() =>
    this.deliveries.hasValue() ? this.deliveries.value() : undefined,
  );
  protected readonly counts = computed(() => {
    const list = this.rows() ?? [];
    const count = (status: DocumentDelivery['status']) => list.filter((row) => row.status === status).length;
    return {
      sent: count('sent'),
      queued: count('queued'),
      failed: count('failed'),
      noAddress: count('no-address'),
    };
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    let timer: ReturnType<typeof setTimeout> | undefined;
    effect(() => {
      clearTimeout(timer);
      if (this.counts().queued > 0) timer = setTimeout(() => this.deliveries.reload(), POLL_MS);
    });
    destroyRef.onDestroy(() => clearTimeout(timer));
  }

  protected async resend(row: DocumentDelivery): Promise<void> {
    if (await this.call.run(() => this.api.resendDocument(this.communityId(), row.documentId)))
      this.deliveries.reload();
  }

  protected async resendAll(): Promise<void> {
    if (await this.call.run(() => this.api.resendRun(this.communityId(), this.runId())))
      this.deliveries.reload();
  }
}
