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
import { rxResource } from '@angular/core/rxjs-interop';
import { NgTemplateOutlet } from '@angular/common';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { type SettlementRun, SettlementsApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, pragueToday } from '@sdilna/portal/ui-kit';
import {
  describeSettlementWarning,
  formatLocalDate,
  I18n,
  LocalDatePipe,
  LocalDecimalPipe,
  LocalMoneyPipe,
  LocalNumberPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';
import type { SettlementStep, SettlementWarning } from '@sdilna/shared/util-api-contract';

import { AccountingExportButtons } from '../exports/accounting-export-buttons';
import { DataGapsTable } from './data-gaps-table';
import { RunDeliveries } from './run-deliveries';

const POLL_MS = 2000;

/**
 * `settlements/:runId`: one run. A final month whose data, prices or keys changed since it was billed shows what
 * changed (`revised`) and settles the difference with a correction run; a correction run names the run it corrects
 * and shows, before it is approved, what finalising it will bill (`difference`).
 */
@Component({
  selector: 'sd-settlement-run-page',
  imports: [
    AccountingExportButtons,
    NgTemplateOutlet,
    RouterLink,
    TranslatePipe,
    LocalNumberPipe,
    LocalMoneyPipe,
    LocalDatePipe,
    LocalDecimalPipe,
    ApiErrorMessage,
    FORM_FIELD,
    DataGapsTable,
    RunDeliveries,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <a routerLink="..">← {{ 'settlements.title' | t }}</a>
    </p>
    <sd-api-error [error]="run.error()" />
    @if (run.hasValue() ? run.value() : undefined; as current) {
      <h1 data-testid="run-title">
        {{ (current.kind === 'correction' ? 'settlements.correctionTitle' : 'settlements.runHeading') | t }}
        {{ current.period | sdDate: 'month' }}
      </h1>
      @if (current.kind === 'correction' && current.correctsRunId) {
        <p class="lead" data-testid="run-corrects">
          {{ 'settlements.corrects' | t }}
          <a [routerLink]="['..', current.correctsRunId]">{{ correctedLabel() }}</a>
          @if (current.correctionReason) {
            · {{ 'settlements.reason' | t }}: {{ current.correctionReason }}
          }
        </p>
      }
      <dl class="facts">
        <dt>{{ 'csvImport.status' | t }}</dt>
        <dd data-testid="run-status">
          {{ 'settlementStatus.' + current.status | t }}
          @if (current.computeStatus !== 'done') {
            ({{ 'importStatus.' + current.computeStatus | t }})
          }
        </dd>
        <dt>{{ 'settlements.created' | t }}</dt>
        <dd>{{ current.createdAt | sdDate: 'dateTime' }}</dd>
        <dt>{{ 'settlements.shared' | t }}</dt>
        <dd>{{ current.totals.sharedKwh | sdNumber: 2 : 2 }} kWh</dd>
        <dt>{{ 'settlements.consumersPay' | t }}</dt>
        <dd>{{ +current.totals.consumersPay | sdMoney: current.totals.currency }}</dd>
        <dt>{{ 'settlements.producersReceive' | t }}</dt>
        <dd>{{ +current.totals.producersReceive | sdMoney: current.totals.currency }}</dd>
        @if (current.totals.communityNonDeductibleVat !== undefined) {
          <dt>{{ 'settlements.communityInputVat' | t }}</dt>
          <dd>{{ +(current.totals.communityInputVat ?? 0) | sdMoney: current.totals.currency }}</dd>
          <dt>{{ 'settlements.communityNonDeductibleVat' | t }}</dt>
          <dd data-testid="run-vat-cost">
            {{ +current.totals.communityNonDeductibleVat | sdMoney: current.totals.currency }}
          </dd>
          <dt>{{ 'settlements.communityResult' | t }}</dt>
          <dd>{{ +(current.totals.communityResult ?? 0) | sdMoney: current.totals.currency }}</dd>
        }
      </dl>
      @if (current.error) {
        <p class="field-error">{{ runError(current.error) }}</p>
      }
      @if (current.settledAnyway; as accepted) {
        <section class="notice" aria-labelledby="settled-anyway-title" data-testid="run-settled-anyway">
          <h2 id="settled-anyway-title">{{ 'settlements.settledAnywayTitle' | t }}</h2>
          <p>{{ 'settlements.settledAnywayLead' | t }}</p>
          <sd-data-gaps-table [gaps]="accepted" [caption]="'settlements.settledAnywayTitle' | t" />
        </section>
      }

      <sd-api-error [error]="call.error()" />
      @if (current.status === 'final') {
        @if (current.revised; as revised) {
          <section class="notice" aria-labelledby="revised-title" data-testid="run-revised">
            <h2 id="revised-title">{{ 'settlements.revisedTitle' | t }}</h2>
            <p>{{ 'settlements.revisedLead' | t }}</p>
            <ng-container *ngTemplateOutlet="revision; context: { $implicit: revised }"></ng-container>
            @if (pendingCorrection(); as pending) {
              <p data-testid="run-pending-correction">
                {{ 'settlements.correctionPending' | t }}
                <a [routerLink]="['..', pending.id]">
                  {{ 'settlements.correctionTitle' | t }} {{ pending.period | sdDate: 'month' }} ({{
                    'settlementStatus.' + pending.status | t
                  }})
                </a>
              </p>
            } @else {
              <form (submit)="$event.preventDefault(); settleDifference(current)" class="grid-form">
                <sd-field
                  for="correction-reason"
                  label="settlements.reason"
                  hint="settlements.reasonHint"
                  optional
                >
                  <input
                    sdFieldControl
                    maxlength="300"
                    [value]="reason()"
                    (input)="reason.set($any($event.target).value)"
                  />
                </sd-field>
                <div class="field submit">
                  <button type="submit" class="primary" [disabled]="call.busy()">
                    {{ 'settlements.settleDifference' | t }}
                  </button>
                </div>
              </form>
            }
          </section>
        } @else if (current.kind === 'original' || isLatestFinal(current)) {
          <p class="ok" data-testid="run-unchanged">{{ 'settlements.unchanged' | t }}</p>
        }
      }

      @if (current.difference; as difference) {
        <section aria-labelledby="difference-title" data-testid="run-difference">
          <h2 id="difference-title">
            {{
              (current.status === 'final' ? 'settlements.differenceBilled' : 'settlements.differenceTitle')
                | t
            }}
          </h2>
          <ng-container *ngTemplateOutlet="revision; context: { $implicit: difference }"></ng-container>
        </section>
      }

      @if (current.status === 'draft' && current.computeStatus === 'done') {
        <div class="actions">
          <button
            type="button"
            class="primary"
            (click)="advance(current, 'approve')"
            [disabled]="call.busy()"
          >
            {{ 'settlements.approve' | t }}
          </button>
        </div>
      } @else if (current.status === 'approved') {
        <div class="actions">
          <div class="field">
            <label for="finalize-issue-date">{{ 'settlements.issueDate' | t }}</label>
            <input
              id="finalize-issue-date"
              type="date"
              required
              [min]="lastDayOf(current.period)"
              [value]="issueDate()"
              (input)="issueDate.set($any($event.target).value)"
              aria-describedby="finalize-issue-date-hint"
            />
            <small id="finalize-issue-date-hint" class="hint">{{ 'settlements.issueDateHint' | t }}</small>
          </div>
          <button
            type="button"
            class="primary"
            (click)="advance(current, 'finalize')"
            [disabled]="call.busy()"
          >
            {{ 'settlements.finalize' | t }}
          </button>
        </div>
      } @else if (current.status === 'final') {
        <p class="run-files">
          <a routerLink="../../documents">{{ 'settlements.documents' | t }}</a>
          <sd-accounting-export-buttons
            [communityId]="communityId()"
            [runId]="current.id"
            [fileStem]="'settlement-' + current.period"
          />
        </p>
        <sd-run-deliveries [communityId]="communityId()" [runId]="current.id" />
      }
      @for (warning of current.warnings; track $index) {
        <p class="hint">{{ warningText(warning) }}</p>
      }

      @if (current.status !== 'final' && current.computeStatus === 'done') {
        @if (previews.hasValue() ? previews.value() : undefined; as preview) {
          <section aria-labelledby="previews-title" data-testid="run-previews">
            <h2 id="previews-title">{{ 'settlements.previewsTitle' | t }}</h2>
            <p class="hint">{{ 'settlements.previewsLead' | t }}</p>
            @for (document of preview.documents; track $index) {
              <article class="preview" data-testid="document-preview">
                <h3>
                  {{ 'documentKind.' + document.kind | t }}: {{ document.sellerName }} →
                  {{ document.buyerName }}
                </h3>
                <p>
                  {{ document.periodFrom | sdDate }} – {{ document.periodTo | sdDate }} ·
                  {{ 'settlements.lineNet' | t }} {{ +document.net | sdMoney: document.currency }} ·
                  {{ 'settlements.lineVat' | t }} {{ +document.vat | sdMoney: document.currency }} ·
                  <strong
                    >{{ 'settlements.lineGross' | t }}
                    {{ +document.gross | sdMoney: document.currency }}</strong
                  >
                </p>
                <ul>
                  @for (line of document.lines; track line.lineNumber) {
                    <!-- the printed description is Czech (a Czech tax document): the line is worded here -->
                    <li>
                      {{ line.meteringPoints.join(', ') }} · {{ document.periodFrom | sdDate }} –
                      {{ document.periodTo | sdDate }}: {{ line.energyKwh | sdNumber: 2 : 2 }} kWh ×
                      {{ line.unitPricePerKwh | sdDecimal }} {{ 'unit.czkPerKwh' | t }} =
                      {{ +line.net | sdMoney: document.currency }}
                    </li>
                  }
                </ul>
              </article>
            }
          </section>
        }
      }

      @if (current.members?.length) {
        <section aria-labelledby="lines-title" data-testid="run-lines">
          <h2 id="lines-title">{{ 'settlements.linesTitle' | t }}</h2>
          @for (member of current.members; track member.memberId) {
            <h3>{{ member.name }}</h3>
            <div class="table-wrap" tabindex="0" role="region" [attr.aria-label]="member.name">
              <table data-testid="member-lines">
                <caption class="visually-hidden">
                  {{
                    member.name
                  }}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{{ 'settlements.gapPoint' | t }}</th>
                    <th scope="col">{{ 'settlements.linePeriod' | t }}</th>
                    <th scope="col">{{ 'settlements.lineEnergy' | t }}</th>
                    <th scope="col">{{ 'settlements.linePrice' | t }}</th>
                    <th scope="col">{{ 'settlements.lineNet' | t }}</th>
                    <th scope="col">{{ 'settlements.lineVat' | t }}</th>
                    <th scope="col">{{ 'settlements.lineGross' | t }}</th>
                  </tr>
                </thead>
                <tbody>
                  @for (line of member.lines ?? []; track line.position) {
                    <tr>
                      <th scope="row">
                        @for (point of line.points ?? []; track point.ean) {
                          <div>
                            @if (point.label) {
                              {{ point.label }}
                            }
                            <span class="ean">{{ point.ean }}</span>
                          </div>
                        }
                      </th>
                      <td>
                        @if (line.periodFrom && line.periodTo) {
                          {{ line.periodFrom | sdDate }} – {{ line.periodTo | sdDate }}
                        }
                      </td>
                      <td>{{ line.energyKwh | sdNumber: 2 : 2 }} kWh</td>
                      <td>{{ line.unitPricePerKwh | sdDecimal }} {{ 'unit.czkPerKwh' | t }}</td>
                      <td>{{ +line.net | sdMoney }}</td>
                      <td>{{ +line.vat | sdMoney }}</td>
                      <td>{{ +line.gross | sdMoney }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }
        </section>
      }
    }

    <ng-template #revision let-revision>
      <dl class="facts">
        <dt>{{ 'settlements.deltaMembers' | t }}</dt>
        <dd data-testid="revision-members">{{ revision.memberCount | sdNumber }}</dd>
        <dt>{{ 'settlements.deltaKwh' | t }}</dt>
        <dd data-testid="revision-kwh">
          {{ sign(revision.deltaKwh) }}{{ revision.deltaKwh | sdNumber: 2 : 2 }} kWh
        </dd>
        <dt>{{ 'settlements.deltaAmount' | t }}</dt>
        <dd data-testid="revision-amount">
          {{ sign(+revision.deltaAmount) }}{{ +revision.deltaAmount | sdMoney: revision.currency }}
        </dd>
      </dl>
      <div class="table-wrap">
        <table data-testid="revision-table">
          <caption class="visually-hidden">
            {{
              'settlements.deltaMembers' | t
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ 'settlements.member' | t }}</th>
              <th scope="col">{{ 'settlements.memberDeltaKwh' | t }}</th>
              <th scope="col">{{ 'settlements.memberDeltaAmount' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (member of revision.members; track member.memberId) {
              <tr>
                <th scope="row">{{ member.name }}</th>
                <td>{{ sign(member.deltaKwh) }}{{ member.deltaKwh | sdNumber: 2 : 2 }} kWh</td>
                <td>{{ sign(+member.deltaAmount) }}{{ +member.deltaAmount | sdMoney: revision.currency }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </ng-template>
  `,
  styles: `
    .facts {
      display: grid;
      /* the labels wrap on a phone; the figures never break, and their column is as wide as the widest one */
      grid-template-columns: fit-content(60%) minmax(max-content, 1fr);
      gap: 0.25rem 1rem;
    }
    .facts dt {
      font-weight: 600;
    }
    .facts dd,
    td {
      margin: 0;
      white-space: nowrap;
    }
    section {
      margin-block: 1.5rem;
    }
    .preview {
      border: 1px solid var(--sd-border, #d0d7de);
      border-radius: 0.25rem;
      padding: 0.5rem 0.75rem;
      margin-block: 0.5rem;
    }
    .preview h3 {
      margin: 0 0 0.25rem;
      font-size: 1rem;
    }
    .ean {
      font-variant-numeric: tabular-nums;
      font-weight: 400;
    }
    .run-files {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
    }
  `,
})
export class SettlementRunPage {
  private readonly api = inject(SettlementsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  readonly runId = input.required<string>();

  protected readonly call = new ApiCall();
  protected readonly reason = signal('');
  protected readonly run = rxResource({
    params: () => ({ communityId: this.communityId(), runId: this.runId() }),
    stream: ({ params }) => this.api.get(params.communityId, params.runId),
  });
  /** what finalising will issue: only a computed run that is not final has previews */
  protected readonly previews = rxResource({
    params: () => {
      const run = this.current();
      return run && run.status !== 'final' && run.computeStatus === 'done'
        ? { communityId: this.communityId(), runId: run.id, status: run.status }
        : undefined;
    },
    stream: ({ params }) => this.api.previews(params.communityId, params.runId),
  });
  /** the month's other runs: the run a correction corrects, and a correction already under way */
  protected readonly runs = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });

  private readonly current = computed(() => (this.run.hasValue() ? this.run.value() : undefined));
  private readonly monthRuns = computed(() => {
    const period = this.current()?.period;
    return (this.runs.hasValue() ? this.runs.value() : []).filter((r) => r.period === period);
  });

  /** A correction of this month that is not final yet: posting the period again would not start another. */
  protected readonly pendingCorrection = computed(() =>
    this.monthRuns().find((r) => r.kind === 'correction' && r.status !== 'final' && r.id !== this.runId()),
  );

  protected readonly correctedLabel = computed(() => {
    const current = this.current();
    const corrected = this.monthRuns().find((r) => r.id === current?.correctsRunId);
    if (!corrected) return this.i18n.t('settlements.originalRun');
    return this.i18n.t(corrected.kind === 'correction' ? 'settlements.correctionOn' : 'settlements.runOn', {
      date: formatLocalDate(corrected.createdAt, this.i18n.language(), 'date'),
    });
  });

  constructor() {
    // While the server computes the run, the page refreshes itself; nothing polls once it is done.
    const destroyRef = inject(DestroyRef);
    let timer: ReturnType<typeof setTimeout> | undefined;
    effect(() => {
      clearTimeout(timer);
      const status = this.current()?.computeStatus;
      if (status === 'queued' || status === 'running') timer = setTimeout(() => this.run.reload(), POLL_MS);
    });
    destroyRef.onDestroy(() => clearTimeout(timer));
  }

  /** `+` before a positive change; the number's own minus sign marks a negative one. */
  protected sign(value: number): string {
    return value > 0 ? '+' : '';
  }

  protected isLatestFinal(run: SettlementRun): boolean {
    const finals = this.monthRuns().filter((r) => r.status === 'final');
    return finals.length > 0 && finals.every((r) => r.createdAt <= run.createdAt);
  }

  protected runError(error: { readonly code: string; readonly message: string }): string {
    const key = `error.${error.code}`;
    return this.i18n.has(key) ? this.i18n.t(key) : error.message;
  }

  protected warningText(warning: SettlementWarning): string {
    return describeSettlementWarning(this.i18n, warning);
  }

  protected async settleDifference(run: SettlementRun): Promise<void> {
    let created: SettlementRun | undefined;
    const ok = await this.call.run(async () => {
      created = await firstValueFrom(
        this.api.request(this.communityId(), run.period, this.reason().trim() || undefined),
      );
    });
    if (ok && created) {
      this.reason.set('');
      this.runs.reload();
      await this.router.navigate(['..', created.id], { relativeTo: this.route });
    }
  }

  /** the documents' issue date, chosen when finalising (not before their DUZP; today by default) */
  protected readonly issueDate = signal(pragueToday());

  /** `2026-06` → `2026-06-30`: the earliest issue date the default DUZP allows */
  protected lastDayOf(period: string): string {
    const [year, month] = period.split('-').map(Number) as [number, number];
    return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  }

  protected async advance(run: SettlementRun, step: SettlementStep): Promise<void> {
    const body = step === 'finalize' && this.issueDate() !== '' ? { issueDate: this.issueDate() } : {};
    if (await this.call.run(() => this.api.advance(this.communityId(), run.id, step, body))) {
      this.run.reload();
      this.runs.reload();
    }
  }
}
