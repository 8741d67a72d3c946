import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';

import { SharingApi, sharingFreshness } from '@sdilna/portal/data-access-community';
import {
  ApiErrorMessage,
  EmptyState,
  FreshnessBanner,
  monthRange,
  previousMonth,
} from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, LocalNumberPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

const PAGE = 50;

/** Point-intervals where EDC's sharing differs from our engine's with the registered key. */
@Component({
  selector: 'sd-discrepancies-page',
  imports: [TranslatePipe, LocalNumberPipe, ApiErrorMessage, EmptyState, LocalDatePipe, FreshnessBanner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.discrepancies.title' | t }}</h1>
    <p class="lead">{{ 'admin.discrepancies.lead' | t }}</p>
    <sd-freshness-banner [status]="freshness.status()" />
    <div class="field narrow">
      <label for="discrepancy-month">{{ 'common.month' | t }}</label>
      <input
        id="discrepancy-month"
        type="month"
        [value]="month()"
        (change)="pick($any($event.target).value)"
      />
    </div>
    <sd-api-error [error]="page.error()" />
    @if (page.hasValue() ? page.value() : undefined; as p) {
      @if (p.total === 0) {
        <sd-empty-state [heading]="i18n.t('admin.discrepancies.noneTitle')">
          <p>{{ 'admin.discrepancies.noneText' | t }}</p>
        </sd-empty-state>
      } @else {
        <p role="status" data-testid="discrepancy-total">
          {{ 'admin.discrepancies.total' | t: { count: p.total } }}
        </p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">EAN</th>
                <th scope="col">{{ 'admin.discrepancies.interval' | t }}</th>
                <th scope="col">{{ 'admin.discrepancies.edc' | t }}</th>
                <th scope="col">{{ 'admin.discrepancies.computed' | t }}</th>
                <th scope="col">{{ 'admin.discrepancies.difference' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (row of p.items; track row.ean + row.start) {
                <tr>
                  <th scope="row" class="mono">{{ row.ean }}</th>
                  <td>{{ row.start | sdDate: 'dateTime' }}</td>
                  <td>{{ row.edcSharedKwh | sdNumber: 2 : 2 }}</td>
                  <td>{{ row.computedSharedKwh | sdNumber: 2 : 2 }}</td>
                  <td>{{ row.differenceKwh | sdNumber: 2 : 2 }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <div class="actions">
          <button type="button" (click)="offset.set(offset() - pageSize)" [disabled]="offset() === 0">
            {{ 'common.previous' | t }}
          </button>
          <button type="button" (click)="offset.set(offset() + pageSize)" [disabled]="!hasMore()">
            {{ 'common.next' | t }}
          </button>
        </div>
      }
    } @else if (page.isLoading()) {
      <p role="status">{{ 'common.loading' | t }}</p>
    }
  `,
})
export class DiscrepanciesPage {
  private readonly api = inject(SharingApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  /** The engine's side of a discrepancy is of superseded inputs until its month is recomputed. */
  protected readonly freshness = sharingFreshness(() => this.communityId());
  protected readonly month = signal(previousMonth());
  protected readonly offset = signal(0);
  protected readonly pageSize = PAGE;

  protected readonly page = rxResource({
    params: () => {
      const { from, to } = monthRange(this.month());
      return { communityId: this.communityId(), from, to, offset: this.offset() };
    },
    stream: ({ params }) =>
      this.api.discrepancies(params.communityId, {
        from: params.from,
        to: params.to,
        limit: PAGE,
        offset: params.offset,
      }),
  });
  protected readonly hasMore = computed(() => {
    const p = this.page.hasValue() ? this.page.value() : undefined;
    return p !== undefined && this.offset() + PAGE < p.stored;
  });

  protected pick(value: string): void {
    if (!value) return;
    this.month.set(value);
    this.offset.set(0);
  }
}
