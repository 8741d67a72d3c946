import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { catchError, map, of, switchMap } from 'rxjs';

import {
  KeyAdviceApi,
  MembersApi,
  MeteringPointsApi,
  SettlementsApi,
  SharingApi,
} from '@sdilna/portal/data-access-community';
import { ApiErrorMessage, Chart, type ChartSeries, EmptyState } from '@sdilna/portal/ui-kit';
import {
  formatLocalDate,
  I18n,
  isNotFound,
  LocalDatePipe,
  LocalMoneyPipe,
  LocalNumberPipe,
  LocalPercentPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';
import { kwhToJsonNumber } from '@sdilna/shared/domain-core';

import {
  consumptionEans,
  pragueMonthOf,
  productionEans,
  selfSufficiencyBasisPoints,
  sumSeries,
  totalsOf,
} from './member-figures';

/** A member's own figures: shared kWh this month and this year, self-sufficiency, a day and the months. */
@Component({
  selector: 'sd-member-dashboard-page',
  imports: [
    TranslatePipe,
    LocalNumberPipe,
    LocalPercentPipe,
    LocalMoneyPipe,
    ApiErrorMessage,
    EmptyState,
    Chart,
    LocalDatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './member-dashboard-page.html',
  styles: `
    .figures {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
      gap: 0.75rem;
      list-style: none;
      padding: 0;
    }
    .figures li {
      background: #fff;
      border: 1px solid #d0d7de;
      border-radius: 0.5rem;
      padding: 0.75rem;
    }
    .figure {
      display: block;
      font-size: 1.75rem;
      font-weight: 700;
      color: var(--sd-green-dark);
    }
    .note {
      font-size: 0.875rem;
      color: var(--sd-muted);
    }
    .charts {
      display: grid;
      gap: 1rem;
    }
    .pickers {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
    }
  `,
})
export class MemberDashboardPage {
  private readonly membersApi = inject(MembersApi);
  private readonly pointsApi = inject(MeteringPointsApi);
  private readonly sharingApi = inject(SharingApi);
  private readonly settlementsApi = inject(SettlementsApi);
  private readonly adviceApi = inject(KeyAdviceApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  readonly memberId = input.required<string>();

  protected readonly member = rxResource({
    params: () => ({ communityId: this.communityId(), memberId: this.memberId() }),
    stream: ({ params }) => this.membersApi.get(params.communityId, params.memberId),
  });
  protected readonly notFound = computed(() => isNotFound(this.member.error()));
  protected readonly points = rxResource({
    params: () =>
      (this.member.hasValue() ? this.member.value() : undefined) ? this.communityId() : undefined,
    stream: ({ params }) => (params ? this.pointsApi.list(params) : of([])),
  });
  private readonly consumers = computed(() =>
    consumptionEans((this.points.hasValue() ? this.points.value() : undefined) ?? [], this.memberId()),
  );
  private readonly producers = computed(() =>
    productionEans((this.points.hasValue() ? this.points.value() : undefined) ?? [], this.memberId()),
  );
  protected readonly hasPoints = computed(() => this.consumers().size + this.producers().size > 0);
  protected readonly producersShown = computed(() => this.producers().size > 0);

  protected readonly year = signal(new Date().getFullYear());
  protected readonly yearSharing = rxResource({
    params: () => (this.hasPoints() ? { communityId: this.communityId(), year: this.year() } : undefined),
    stream: ({ params }) =>
      params
        ? this.sharingApi.get(params.communityId, {
            from: `${params.year}-01-01`,
            to: `${params.year}-12-31`,
            granularity: 'month',
          })
        : of(undefined),
  });
  private readonly monthly = computed(() =>
    sumSeries(
      this.yearSharing.hasValue() ? this.yearSharing.value() : undefined,
      this.consumers(),
      pragueMonthOf,
    ),
  );
  private readonly monthlyGiven = computed(() =>
    sumSeries(
      this.yearSharing.hasValue() ? this.yearSharing.value() : undefined,
      this.producers(),
      pragueMonthOf,
    ),
  );

  /** The month shown: chosen by the user, else the latest month with data (EDC publishes after the fact). */
  protected readonly chosenMonth = signal<string | undefined>(undefined);
  protected readonly month = computed(() => {
    const chosen = this.chosenMonth();
    if (chosen) return chosen;
    const months = this.monthly().keys.filter((_, i) => (this.monthly().measured[i] ?? 0) > 0);
    const latest = months[months.length - 1];
    const now = new Date();
    return latest ?? `${this.year()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  });

  /** "duben 2026": the cs-CZ standalone month name */
  protected readonly monthLabel = computed(() =>
    formatLocalDate(this.month(), this.i18n.language(), 'month'),
  );
  /** Savings in Kč come from the month's final settlement (supplier price − community price), never estimated. */
  protected readonly savings = rxResource({
    params: () =>
      this.hasPoints()
        ? { communityId: this.communityId(), memberId: this.memberId(), month: this.month() }
        : undefined,
    stream: ({ params }) => {
      if (!params) return of(undefined);
      return this.settlementsApi.list(params.communityId).pipe(
        map((runs) => runs.find((run) => run.period === params.month && run.status === 'final')),
        switchMap((run) => (run ? this.settlementsApi.get(params.communityId, run.id) : of(undefined))),
        map((run) => run?.members?.find((m) => m.memberId === params.memberId)?.consumerSaving),
        catchError(() => of(undefined)),
      );
    },
  });
  /**
   * What the member's consumption points could have received more in the month (GET .../missed-sharing: the
   * group's export to the grid while the point drew from it); undefined while unknown or when it is nothing.
   */
  protected readonly missed = rxResource({
    params: () =>
      this.consumers().size > 0
        ? { communityId: this.communityId(), memberId: this.memberId(), month: this.month() }
        : undefined,
    stream: ({ params }) =>
      params
        ? this.adviceApi.missedSharing(params.communityId, params.month).pipe(
            map((answer) => answer.members.find((m) => m.memberId === params.memberId)?.missedKwh),
            catchError(() => of(undefined)),
          )
        : of(undefined),
  });
  protected readonly monthTotals = computed(() => totalsOf(this.monthly(), this.month()));
  protected readonly yearTotals = computed(() => totalsOf(this.monthly()));
  protected readonly monthGiven = computed(() => totalsOf(this.monthlyGiven(), this.month()).shared);
  protected readonly yearGiven = computed(() => totalsOf(this.monthlyGiven()).shared);
  protected readonly monthSelfSufficiency = computed(() => selfSufficiencyBasisPoints(this.monthTotals()));
  protected readonly yearSelfSufficiency = computed(() => selfSufficiencyBasisPoints(this.yearTotals()));
  protected readonly hasData = computed(() => this.yearTotals().measured > 0 || this.yearGiven() > 0);

  protected readonly day = signal<string | undefined>(undefined);
  protected readonly daySharing = rxResource({
    params: () => {
      const day = this.day();
      return day && this.hasPoints() ? { communityId: this.communityId(), day } : undefined;
    },
    stream: ({ params }) =>
      params
        ? this.sharingApi.get(params.communityId, { from: params.day, to: params.day, granularity: '15m' })
        : of(undefined),
  });
  private readonly intervals = computed(() =>
    sumSeries(
      this.daySharing.hasValue() ? this.daySharing.value() : undefined,
      this.consumers(),
      (start) => start,
    ),
  );

  protected readonly monthChart = computed(() => {
    const series = this.monthly();
    return {
      labels: series.keys.map((k) => formatLocalDate(k, this.i18n.language(), 'monthShort')),
      series: [
        { name: this.i18n.t('memberDash.consumption'), values: series.measured.map(kwhToJsonNumber) },
        { name: this.i18n.t('memberDash.shared'), values: series.shared.map(kwhToJsonNumber) },
      ] satisfies ChartSeries[],
    };
  });
  protected readonly dayChart = computed(() => {
    const series = this.intervals();
    return {
      labels: series.keys.map((k) => formatLocalDate(k, this.i18n.language(), 'time')),
      series: [
        { name: this.i18n.t('memberDash.consumption'), values: series.measured.map(kwhToJsonNumber) },
        { name: this.i18n.t('memberDash.shared'), values: series.shared.map(kwhToJsonNumber) },
      ] satisfies ChartSeries[],
    };
  });

  constructor() {
    // The day chart starts on the last day of the shown month, so it shows data as soon as there are any.
    effect(() => {
      const month = this.month();
      if (this.day()?.startsWith(month)) return;
      const [y, m] = month.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      this.day.set(`${month}-${String(last).padStart(2, '0')}`);
    });
  }

  protected kwh(hundredths: number): number {
    return kwhToJsonNumber(hundredths);
  }

  protected ratio(basisPoints: number | undefined): number | undefined {
    return basisPoints === undefined ? undefined : basisPoints / 10_000;
  }

  protected pickMonth(value: string): void {
    if (!value) return;
    this.chosenMonth.set(value);
    this.year.set(Number(value.slice(0, 4)));
  }
}
