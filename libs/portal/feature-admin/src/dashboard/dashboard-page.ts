import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { catchError, forkJoin, map, type Observable, of, switchMap } from 'rxjs';

import {
  AllocationKeysApi,
  AuditApi,
  type DashboardWarning,
  type DashboardWarningCode,
  ImportsApi,
  InvitationsApi,
  MembersApi,
  MeteringPointsApi,
  SharingApi,
  sharingFreshness,
  SourcesApi,
} from '@sdilna/portal/data-access-community';
import { FreshnessBanner } from '@sdilna/portal/ui-kit';
import { formatLocalDate, I18n, LocalNumberPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

import { MissedSharingCard } from './missed-sharing-card';

/** Where each warning is fixed: a page of the admin area. */
const FIX_PAGE: Readonly<Record<DashboardWarningCode, string>> = {
  MISSING_DAYS: 'completeness',
  FAILED_IMPORTS: 'imports',
  DRAFT_SETTLEMENT: 'settlements',
  DATA_OUTDATED: 'edc-connector',
};

interface Step {
  readonly key: string;
  readonly link: string;
  readonly done: boolean;
}

/** A failing list (an API not deployed yet) counts as unknown, never as zero. */
function countOf(list: Observable<readonly unknown[]>): Observable<number | undefined> {
  return list.pipe(
    map((items) => items.length),
    catchError(() => of(undefined)),
  );
}

@Component({
  selector: 'sd-dashboard-page',
  imports: [RouterLink, TranslatePipe, LocalNumberPipe, FreshnessBanner, MissedSharingCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.dashboard.title' | t }}</h1>
    <sd-freshness-banner [status]="freshness.status()" />
    @if (counts.hasValue() ? counts.value() : undefined; as c) {
      <ul class="cards" data-testid="registry-counts">
        <li>
          <span class="figure">{{ show(c.members) }}</span> {{ 'admin.nav.members' | t }}
        </li>
        <li>
          <span class="figure">{{ show(c.points) }}</span> {{ 'admin.nav.points' | t }}
        </li>
        <li>
          <span class="figure">{{ show(c.sources) }}</span> {{ 'admin.nav.sources' | t }}
        </li>
        <li>
          <span class="figure">{{ show(c.keys) }}</span> {{ 'admin.dashboard.keys' | t }}
        </li>
        <li data-testid="import-count">
          <span class="figure">{{ show(c.overview?.importCount) }}</span>
          {{ 'admin.dashboard.imports' | t: { count: c.overview?.importCount ?? 0 } }}
        </li>
      </ul>
      @if (overview(); as o) {
        <section aria-labelledby="warnings" data-testid="dashboard-warnings">
          <h2 id="warnings">{{ 'admin.dashboard.warnings' | t }}</h2>
          @if (o.warnings.length === 0) {
            <p data-testid="all-clear">{{ 'admin.dashboard.allClear' | t }}</p>
          } @else {
            <ul class="warnings">
              @for (warning of o.warnings; track warning.code) {
                <li [attr.data-testid]="'warning-' + warning.code">
                  <p class="warning-text">{{ warningText(warning) }}</p>
                  @if (warning.code === 'MISSING_DAYS' && warning.items?.length) {
                    <ul class="items">
                      @for (item of warning.items; track item.id) {
                        <li>
                          {{
                            'dashboard.warning.MISSING_DAYS.item'
                              | t: { label: item.label, count: item.count ?? 0 }
                          }}
                        </li>
                      }
                    </ul>
                  }
                  <a
                    [routerLink]="['..', fixPage[warning.code]]"
                    [attr.data-testid]="'fix-' + warning.code"
                    >{{ 'dashboard.warning.' + warning.code + '.fix' | t }}</a
                  >
                </li>
              }
            </ul>
          }
        </section>
      }
      @if (group.hasValue() ? group.value() : undefined; as g) {
        <section aria-labelledby="group-month" data-testid="group-month">
          <h2 id="group-month">{{ 'admin.dashboard.groupMonth' | t: { month: monthLabel(g.month) } }}</h2>
          <dl class="cards">
            <div>
              <dt>{{ 'admin.dashboard.production' | t }}</dt>
              <dd class="figure">{{ g.totals.productionKwh | sdNumber: 2 : 2 }} kWh</dd>
            </div>
            <div>
              <dt>{{ 'admin.dashboard.consumption' | t }}</dt>
              <dd class="figure">{{ g.totals.consumptionKwh | sdNumber: 2 : 2 }} kWh</dd>
            </div>
            <div>
              <dt>{{ 'admin.dashboard.shared' | t }}</dt>
              <dd class="figure" data-testid="group-shared">
                {{ g.totals.sharedKwh | sdNumber: 2 : 2 }} kWh
              </dd>
            </div>
            <div>
              <dt>{{ 'admin.dashboard.missed' | t }}</dt>
              <dd class="figure">{{ g.totals.missedKwh | sdNumber: 2 : 2 }} kWh</dd>
            </div>
            <div>
              <dt>{{ 'admin.dashboard.discrepancies' | t }}</dt>
              <dd class="figure">{{ g.totals.discrepancies }}</dd>
            </div>
          </dl>
          @if (g.totals.discrepancies > 0) {
            <p>
              <a routerLink="../discrepancies">{{ 'admin.dashboard.seeDiscrepancies' | t }}</a>
            </p>
          }
        </section>
        <sd-missed-sharing-card
          [communityId]="communityId()"
          [month]="g.month"
          [monthLabel]="monthLabel(g.month)"
        />
      }
      <section aria-labelledby="next-steps">
        <h2 id="next-steps">{{ (allDone() ? 'admin.dashboard.ready' : 'admin.dashboard.nextSteps') | t }}</h2>
        <ol class="steps">
          @for (step of steps(); track step.key) {
            <li [class.done]="step.done">
              <span class="mark" aria-hidden="true">{{ step.done ? '✓' : '○' }}</span>
              <a [routerLink]="['..', step.link]">{{ step.key | t }}</a>
              <span class="visually-hidden">{{
                (step.done ? 'admin.dashboard.stepDone' : 'admin.dashboard.stepOpen') | t
              }}</span>
            </li>
          }
        </ol>
      </section>
    } @else {
      <p role="status">{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
      gap: 0.75rem;
      list-style: none;
      padding: 0;
    }
    .cards li,
    .cards div {
      background: #fff;
      border: 1px solid #d0d7de;
      border-radius: 0.5rem;
      padding: 0.75rem;
    }
    dd {
      margin: 0;
    }
    .figure {
      display: block;
      font-size: 1.5rem;
      font-weight: 700;
      color: var(--sd-green-dark);
    }
    .warnings {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 0.75rem;
    }
    .warnings > li {
      border: 1px solid #d4a72c;
      border-left: 0.375rem solid #9a6700;
      background: #fff8c5;
      border-radius: 0.5rem;
      padding: 0.75rem;
    }
    .warning-text {
      margin: 0 0 0.5rem;
      font-weight: 600;
    }
    .items {
      margin: 0 0 0.5rem;
      padding-left: 1.25rem;
      overflow-wrap: anywhere;
    }
    .steps li {
      margin: 0.375rem 0;
    }
    .steps li.done a {
      color: var(--sd-muted);
    }
    .mark {
      display: inline-block;
      width: 1.25rem;
      font-weight: 700;
    }
  `,
})
export class DashboardPage {
  private readonly members = inject(MembersApi);
  private readonly points = inject(MeteringPointsApi);
  private readonly sources = inject(SourcesApi);
  private readonly keys = inject(AllocationKeysApi);
  private readonly imports = inject(ImportsApi);
  private readonly invitations = inject(InvitationsApi);
  private readonly sharing = inject(SharingApi);
  private readonly audit = inject(AuditApi);
  private readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly fixPage = FIX_PAGE;
  /** The group's figures below may be of superseded inputs until their months are recomputed. */
  protected readonly freshness = sharingFreshness(() => this.communityId());

  /** The group's totals in the month of the newest finished import; nothing before the first import. */
  protected readonly group = rxResource({
    params: () => this.communityId(),
    stream: ({ params: id }) =>
      this.imports.list(id).pipe(
        map((list) => list.find((item) => item.status === 'done' && item.period)?.period?.to.slice(0, 7)),
        switchMap((month) => {
          if (!month) return of(undefined);
          const from = `${month}-01`;
          const [y, m] = month.split('-').map(Number) as [number, number];
          const to = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
          // Only the group totals: GET .../sharing would also answer every point of the community.
          return this.sharing.groups(id, { from, to }).pipe(
            map((answer) => {
              const totals = answer.groups[0];
              return totals ? { month, totals } : undefined;
            }),
          );
        }),
        catchError(() => of(undefined)),
      ),
  });

  protected readonly counts = rxResource({
    params: () => this.communityId(),
    stream: ({ params: id }) =>
      forkJoin({
        members: countOf(this.members.list(id)),
        points: countOf(this.points.list(id)),
        sources: countOf(this.sources.list(id)),
        keys: countOf(this.keys.list(id)),
        // finished imports and the warnings: a failed upload is a warning, not an import
        overview: this.audit.dashboard(id).pipe(catchError(() => of(undefined))),
        invitations: countOf(this.invitations.list(id)),
      }),
  });

  /** Finished imports and the warnings, as codes the page words in the UI's language. */
  protected readonly overview = computed(() =>
    this.counts.hasValue() ? this.counts.value().overview : undefined,
  );

  protected readonly steps = computed<Step[]>(() => {
    const c = this.counts.hasValue() ? this.counts.value() : undefined;
    const has = (n: number | undefined) => (n ?? 0) > 0;
    return [
      { key: 'admin.dashboard.step.members', link: 'members', done: has(c?.members) },
      { key: 'admin.dashboard.step.points', link: 'metering-points', done: has(c?.points) },
      { key: 'admin.dashboard.step.sources', link: 'sources', done: has(c?.sources) },
      { key: 'admin.dashboard.step.key', link: 'allocation-key', done: has(c?.keys) },
      { key: 'admin.dashboard.step.invite', link: 'invitations', done: has(c?.invitations) },
      { key: 'admin.dashboard.step.import', link: 'imports', done: has(c?.overview?.importCount) },
    ];
  });
  protected readonly allDone = computed(() => this.steps().every((s) => s.done || s.link === 'invitations'));

  /** A warning in words: its dates and month in the UI's style, its counts with the language's plural forms. */
  protected warningText(warning: DashboardWarning): string {
    const language = this.i18n.language();
    const params: Record<string, string | number> = { ...warning.params };
    for (const name of ['from', 'to', 'lastDay'])
      if (typeof params[name] === 'string') params[name] = formatLocalDate(params[name], language);
    if (typeof params['period'] === 'string')
      params['month'] = formatLocalDate(params['period'], language, 'month');
    const key = `dashboard.warning.${warning.code}`;
    return this.i18n.has(key) ? this.i18n.t(key, params) : warning.code;
  }

  protected monthLabel(month: string): string {
    return formatLocalDate(month, this.i18n.language(), 'month');
  }

  protected show(value: number | undefined): string {
    return value === undefined ? '–' : String(value);
  }
}
