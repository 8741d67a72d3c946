import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';

import { type SettlementRun, SettlementsApi, sharingFreshness } from '@sdilna/portal/data-access-community';
import {
  ApiCall,
  ApiErrorMessage,
  FreshnessBanner,
  previousMonth,
  RESOURCE_LIST,
} from '@sdilna/portal/ui-kit';
import {
  describeSettlementWarning,
  I18n,
  LocalDatePipe,
  LocalMoneyPipe,
  LocalNumberPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';
import type { SettlementDataGap, SettlementStep, SettlementWarning } from '@sdilna/shared/util-api-contract';

import { DataGapsTable } from './data-gaps-table';

const POLL_MS = 2000;

/** Monthly settlement: a draft computed by the server, then approved, then final with its documents. */
@Component({
  selector: 'sd-settlements-page',
  imports: [
    RouterLink,
    TranslatePipe,
    LocalNumberPipe,
    LocalMoneyPipe,
    ApiErrorMessage,
    RESOURCE_LIST,
    LocalDatePipe,
    FreshnessBanner,
    DataGapsTable,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'settlements.title' | t }}</h1>
    <p class="lead">{{ 'settlements.lead' | t }}</p>
    <sd-freshness-banner [status]="freshness.status()" />
    <form (submit)="$event.preventDefault(); request()" class="grid-form">
      <div class="field">
        <label for="settlement-month">{{ 'common.month' | t }}</label>
        <input
          id="settlement-month"
          type="month"
          [value]="month()"
          aria-describedby="settlement-month-hint"
          (change)="chooseMonth($any($event.target).value)"
        />
        <p class="hint" id="settlement-month-hint" data-testid="settlement-month-hint">
          @if (suggestion(); as s) {
            @if (!s.period) {
              {{ 'settlements.noCompleteMonth' | t }}
            } @else if (s.period === month()) {
              {{ 'settlements.suggestedHint' | t }}
            }
          }
        </p>
      </div>
      <div class="field submit">
        <button type="submit" class="primary" [disabled]="call.busy()">
          {{ 'settlements.request' | t }}
        </button>
      </div>
    </form>
    @if (incomplete(); as refused) {
      <section
        class="notice"
        aria-labelledby="incomplete-title"
        data-testid="settlement-incomplete"
        role="alert"
      >
        <h2 id="incomplete-title">
          {{ 'settlements.incompleteTitle' | t: { month: (refused.period | sdDate: 'month') } }}
        </h2>
        <p>{{ 'settlements.incompleteLead' | t }}</p>
        <sd-data-gaps-table
          [gaps]="refused.points"
          [caption]="'settlements.incompleteTitle' | t: { month: (refused.period | sdDate: 'month') }"
        />
        <div class="actions">
          <button type="button" (click)="request(true)" [disabled]="call.busy()">
            {{ 'settlements.settleAnyway' | t: { month: (refused.period | sdDate: 'month') } }}
          </button>
        </div>
      </section>
    } @else {
      <sd-api-error [error]="call.error()" />
    }
    <sd-resource-list
      [resource]="runs"
      [emptyHeading]="i18n.t('settlements.emptyTitle')"
      [columns]="[
        'common.month',
        'csvImport.status',
        'settlements.shared',
        'settlements.consumersPay',
        'settlements.producersReceive',
      ]"
      actionsColumn
    >
      <p sdEmpty>{{ 'settlements.emptyText' | t }}</p>
      <ng-template [sdListRows]="runs" let-list>
        @for (run of list; track run.id) {
          <tr>
            <th scope="row">
              <a [routerLink]="run.id">{{ run.period | sdDate: 'month' }}</a>
              @if (run.kind === 'correction') {
                <div class="hint">{{ 'settlements.kind.correction' | t }}</div>
              }
            </th>
            <td>
              {{ 'settlementStatus.' + run.status | t }}
              @if (run.computeStatus !== 'done') {
                ({{ 'importStatus.' + run.computeStatus | t }})
              }
              @if (run.error) {
                <div class="field-error">{{ runError(run.error) }}</div>
              }
              @for (warning of run.warnings; track $index) {
                <div class="hint">{{ warningText(warning) }}</div>
              }
            </td>
            <td>{{ run.totals.sharedKwh | sdNumber: 2 : 2 }} kWh</td>
            <td>{{ +run.totals.consumersPay | sdMoney: run.totals.currency }}</td>
            <td>
              {{ +run.totals.producersReceive | sdMoney: run.totals.currency }}
            </td>
            <td>
              @if (run.status === 'draft' && run.computeStatus === 'done') {
                <button type="button" (click)="advance(run, 'approve')" [disabled]="call.busy()">
                  {{ 'settlements.approve' | t }}<span class="visually-hidden"> {{ run.period }}</span>
                </button>
              } @else if (run.status === 'approved') {
                <button
                  type="button"
                  class="primary"
                  (click)="advance(run, 'finalize')"
                  [disabled]="call.busy()"
                >
                  {{ 'settlements.finalize' | t }}<span class="visually-hidden"> {{ run.period }}</span>
                </button>
              } @else if (run.status === 'final') {
                <a routerLink="../documents">{{ 'settlements.documents' | t }}</a>
              }
            </td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
  `,
})
export class SettlementsPage {
  private readonly api = inject(SettlementsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  /** A draft of a month waiting for its recompute is computed again after it (issue 17). */
  protected readonly freshness = sharingFreshness(() => this.communityId());
  /** A failed computation's reason in the UI's language when its code is known, else the API's text. */
  protected runError(error: { readonly code: string; readonly message: string }): string {
    const key = `error.${error.code}`;
    return this.i18n.has(key) ? this.i18n.t(key) : error.message;
  }

  protected warningText(warning: SettlementWarning): string {
    return describeSettlementWarning(this.i18n, warning);
  }

  protected readonly month = signal(previousMonth());
  /** set once the administrator picks a month: the suggestion no longer replaces it */
  private readonly monthChosen = signal(false);
  protected readonly call = new ApiCall();
  protected readonly suggested = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.suggestedPeriod(params),
  });
  protected readonly suggestion = computed(() =>
    this.suggested.hasValue() ? this.suggested.value() : undefined,
  );
  /** The month the API refused for its incomplete data, with the points and days (409 SETTLEMENT_DATA_INCOMPLETE). */
  protected readonly incomplete = computed(() => {
    const error = this.call.error();
    if (!(error instanceof HttpErrorResponse) || error.status !== 409) return undefined;
    const body = (error.error as { error?: { code?: string; details?: unknown } } | null)?.error;
    if (body?.code !== 'SETTLEMENT_DATA_INCOMPLETE') return undefined;
    return body.details as { period: string; points: readonly SettlementDataGap[] };
  });
  protected readonly runs = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });
  private readonly computing = computed(() =>
    (this.runs.hasValue() ? this.runs.value() : []).some(
      (r) => r.computeStatus === 'queued' || r.computeStatus === 'running',
    ),
  );

  constructor() {
    // While the server computes a draft, the list refreshes itself; nothing polls once every run is done.
    const destroyRef = inject(DestroyRef);
    let timer: ReturnType<typeof setTimeout> | undefined;
    effect(() => {
      clearTimeout(timer);
      if (this.computing()) timer = setTimeout(() => this.runs.reload(), POLL_MS);
    });
    destroyRef.onDestroy(() => clearTimeout(timer));
    // The month starts at the newest one whose data are complete (the API's answer), not at a month without data.
    effect(() => {
      const period = this.suggestion()?.period;
      if (period && !this.monthChosen()) this.month.set(period);
    });
  }

  protected chooseMonth(value: string): void {
    this.monthChosen.set(true);
    this.month.set(value);
    this.call.clear();
  }

  /** `settleAnyway` only from the button under the list of incomplete points: a decision made knowingly. */
  protected async request(settleAnyway = false): Promise<void> {
    const period = settleAnyway ? (this.incomplete()?.period ?? this.month()) : this.month();
    if (await this.call.run(() => this.api.request(this.communityId(), period, undefined, settleAnyway))) {
      this.runs.reload();
      this.suggested.reload();
    }
  }

  protected async advance(run: SettlementRun, step: SettlementStep): Promise<void> {
    if (await this.call.run(() => this.api.advance(this.communityId(), run.id, step))) this.runs.reload();
  }
}
