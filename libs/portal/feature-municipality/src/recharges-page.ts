import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';

import { type DocumentFormat, DocumentsApi, saveBlob } from '@sdilna/portal/data-access-community';
import { ApiErrorMessage, EmptyState, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, LocalNumberPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

import {
  type RechargeDocument,
  type RechargeExportFormat,
  type RechargeRange,
  RechargesApi,
  type RechargeSummary,
  type RechargeUnitRow,
} from './recharges-api';

/** How many years back the month choices reach (before the newest month shown). */
const YEARS_OFFERED = 5;

/** `YYYY-MM` of a month index (year × 12 + month − 1). */
function monthText(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** The row a drill-down shows: one unit, month and direction. */
interface OpenRow {
  readonly month: string;
  readonly row: RechargeUnitRow;
}

/**
 * The municipality's view (issue 18 item 7): its internal recharges per month and organisational unit (energy,
 * net, VAT, gross), exactly as the API summed them from the issued documents, with each row's documents (PDF,
 * ISDOC) one click away and the summary as CSV or XLSX. The portal adds nothing up itself.
 */
@Component({
  selector: 'sd-recharges-page',
  imports: [TranslatePipe, LocalDatePipe, LocalNumberPipe, ApiErrorMessage, EmptyState, FORM_FIELD],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'recharges.title' | t }}</h1>
    @if (loaded(); as data) {
      <p class="lead" data-testid="recharges-lead">
        {{ 'recharges.leadOf' | t: { name: data.municipality.name } }}
      </p>
    } @else {
      <p class="lead">{{ 'recharges.lead' | t }}</p>
    }

    <form class="grid-form" (submit)="$event.preventDefault(); show()" data-testid="recharges-range">
      <sd-field for="recharges-from" label="common.from">
        <select sdFieldControl [value]="from()" (change)="from.set($any($event.target).value)">
          @for (month of monthChoices(); track month) {
            <option [value]="month" [selected]="month === from()">{{ month | sdDate: 'month' }}</option>
          }
        </select>
      </sd-field>
      <sd-field for="recharges-to" label="common.to">
        <select sdFieldControl [value]="to()" (change)="to.set($any($event.target).value)">
          @for (month of monthChoices(); track month) {
            <option [value]="month" [selected]="month === to()">{{ month | sdDate: 'month' }}</option>
          }
        </select>
      </sd-field>
      <div class="field submit">
        <button type="submit" class="primary">{{ 'recharges.show' | t }}</button>
      </div>
    </form>

    <sd-api-error [error]="summary.error()" />
    <sd-api-error [error]="downloadError()" />

    @if (loaded(); as data) {
      <section aria-labelledby="recharges-totals-heading" class="totals">
        <h2 id="recharges-totals-heading">
          {{ 'recharges.totals' | t }}: {{ data.from | sdDate: 'month' }} – {{ data.to | sdDate: 'month' }}
        </h2>
        <dl data-testid="recharges-totals">
          <div>
            <dt>{{ 'recharges.energy' | t }}</dt>
            <dd data-testid="total-energy">{{ data.totals.energyKwh | sdNumber: 2 : 2 }}</dd>
          </div>
          <div>
            <dt>{{ 'recharges.net' | t }}</dt>
            <dd data-testid="total-net">{{ data.totals.net | sdNumber: 2 : 2 }}</dd>
          </div>
          <div>
            <dt>{{ 'recharges.vat' | t }}</dt>
            <dd data-testid="total-vat">{{ data.totals.vat | sdNumber: 2 : 2 }}</dd>
          </div>
          <div>
            <dt>{{ 'recharges.gross' | t }}</dt>
            <dd data-testid="total-gross">{{ data.totals.gross | sdNumber: 2 : 2 }}</dd>
          </div>
        </dl>
        <div class="actions">
          <button type="button" (click)="download('csv')" data-testid="export-csv">
            {{ 'recharges.exportCsv' | t }}
          </button>
          <button type="button" (click)="download('xlsx')" data-testid="export-xlsx">
            {{ 'recharges.exportXlsx' | t }}
          </button>
        </div>
      </section>

      @if (data.months.length === 0) {
        <sd-empty-state [heading]="i18n.t('recharges.emptyTitle')">
          <p>{{ 'recharges.emptyText' | t }}</p>
        </sd-empty-state>
      }

      @for (month of data.months; track month.month) {
        <section [attr.aria-labelledby]="'month-' + month.month" [attr.data-testid]="'month-' + month.month">
          <h2 [id]="'month-' + month.month">{{ month.month | sdDate: 'month' }}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{{ 'recharges.unit' | t }}</th>
                  <th scope="col">{{ 'recharges.direction' | t }}</th>
                  <th scope="col" class="number">{{ 'recharges.energy' | t }}</th>
                  <th scope="col" class="number">{{ 'recharges.net' | t }}</th>
                  <th scope="col" class="number">{{ 'recharges.vat' | t }}</th>
                  <th scope="col" class="number">{{ 'recharges.gross' | t }}</th>
                </tr>
              </thead>
              <tbody>
                @for (row of month.rows; track row.unitId + row.direction) {
                  <tr [attr.data-testid]="'row-' + month.month + '-' + row.unitId + '-' + row.direction">
                    <!-- the drill-down sits in the sticky first column: reachable on a phone without scrolling -->
                    <th scope="row">
                      {{ row.unitName }}
                      <div>
                        <button
                          type="button"
                          class="link"
                          [attr.aria-expanded]="isOpen(month.month, row)"
                          aria-controls="recharge-documents"
                          (click)="toggle(month.month, row)"
                          data-testid="open-documents"
                        >
                          {{ 'recharges.documentCount' | t: { count: row.documents.length }
                          }}<span class="visually-hidden">
                            – {{ row.unitName }}, {{ month.month | sdDate: 'month' }},
                            {{ 'recharges.direction.' + row.direction | t }}</span
                          >
                        </button>
                      </div>
                    </th>
                    <td>{{ 'recharges.direction.' + row.direction | t }}</td>
                    <td class="number">{{ row.energyKwh | sdNumber: 2 : 2 }}</td>
                    <td class="number">{{ row.net | sdNumber: 2 : 2 }}</td>
                    <td class="number">{{ row.vat | sdNumber: 2 : 2 }}</td>
                    <td class="number">{{ row.gross | sdNumber: 2 : 2 }}</td>
                  </tr>
                }
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colspan="2">{{ 'recharges.monthTotal' | t }}</th>
                  <td class="number">{{ month.energyKwh | sdNumber: 2 : 2 }}</td>
                  <td class="number">{{ month.net | sdNumber: 2 : 2 }}</td>
                  <td class="number">{{ month.vat | sdNumber: 2 : 2 }}</td>
                  <td class="number" [attr.data-testid]="'month-gross-' + month.month">
                    {{ month.gross | sdNumber: 2 : 2 }}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>

          @if (open(); as shown) {
            @if (shown.month === month.month) {
              <section
                id="recharge-documents"
                class="documents"
                aria-labelledby="recharge-documents-heading"
                data-testid="recharge-documents"
              >
                <h3 id="recharge-documents-heading" tabindex="-1" #documentsHeading>
                  {{
                    'recharges.documentsOf'
                      | t
                        : {
                            unit: shown.row.unitName,
                            month: (shown.month | sdDate: 'month'),
                            direction: ('recharges.direction.' + shown.row.direction | t),
                          }
                  }}
                </h3>
                <ul>
                  @for (doc of shown.row.documents; track doc.id) {
                    <li [attr.data-testid]="'document-' + doc.number">
                      <p class="doc-head">
                        <span class="mono">{{ doc.number }}</span>
                        <span>{{ 'documentKind.' + doc.kind | t }}</span>
                      </p>
                      <dl>
                        <div>
                          <dt>{{ 'recharges.issued' | t }}</dt>
                          <dd>{{ doc.issueDate | sdDate }}</dd>
                        </div>
                        <div>
                          <dt>{{ 'documents.period' | t }}</dt>
                          <dd>{{ doc.periodFrom | sdDate }} – {{ doc.periodTo | sdDate }}</dd>
                        </div>
                        <div>
                          <dt>{{ 'recharges.energy' | t }}</dt>
                          <dd>{{ doc.energyKwh | sdNumber: 2 : 2 }}</dd>
                        </div>
                        <div>
                          <dt>{{ 'recharges.net' | t }}</dt>
                          <dd>{{ doc.net | sdNumber: 2 : 2 }}</dd>
                        </div>
                        <div>
                          <dt>{{ 'recharges.vat' | t }}</dt>
                          <dd>{{ doc.vat | sdNumber: 2 : 2 }}</dd>
                        </div>
                        <div>
                          <dt>{{ 'recharges.gross' | t }}</dt>
                          <dd data-testid="document-gross">{{ doc.gross | sdNumber: 2 : 2 }}</dd>
                        </div>
                      </dl>
                      <div class="actions">
                        <button type="button" (click)="file(doc, 'pdf')" data-testid="document-pdf">
                          PDF<span class="visually-hidden"> {{ doc.number }}</span>
                        </button>
                        <button type="button" (click)="file(doc, 'isdoc')" data-testid="document-isdoc">
                          ISDOC<span class="visually-hidden"> {{ doc.number }}</span>
                        </button>
                      </div>
                    </li>
                  }
                </ul>
                <button type="button" class="link" (click)="close()">{{ 'recharges.close' | t }}</button>
              </section>
            }
          }
        </section>
      }
    } @else if (summary.isLoading()) {
      <p role="status">{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    .number {
      text-align: right;
      white-space: nowrap;
    }
    .totals dl,
    .documents dl {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
      gap: 0.5rem 1rem;
      margin: 0.5rem 0;
    }
    dt {
      font-size: 0.875rem;
      color: var(--sd-muted);
    }
    dd {
      margin: 0;
      font-weight: 600;
    }
    .documents {
      background: #fff;
      border: 1px solid #d0d7de;
      border-radius: 0.5rem;
      padding: 0.75rem 1rem;
      margin-bottom: 1rem;
    }
    .documents ul {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .documents li {
      border-bottom: 1px solid #e1e4e8;
      padding: 0.5rem 0;
    }
    .doc-head {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      margin: 0;
      font-weight: 600;
    }
  `,
})
export class RechargesPage {
  private readonly api = inject(RechargesApi);
  private readonly documents = inject(DocumentsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  readonly memberId = input.required<string>();

  /** the range asked for; empty until the person chooses one (the API then picks the newest months) */
  private readonly range = signal<RechargeRange>({});
  protected readonly summary = rxResource({
    params: () => ({ communityId: this.communityId(), memberId: this.memberId(), range: this.range() }),
    stream: ({ params }) => this.api.summary(params.communityId, params.memberId, params.range),
  });
  /** the last summary that loaded: it stays on screen while the next one loads or fails */
  protected readonly loaded = signal<RechargeSummary | undefined>(undefined);
  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly open = signal<OpenRow | undefined>(undefined);
  protected readonly downloadError = signal<unknown>(undefined);
  private readonly documentsHeading = viewChild<ElementRef<HTMLElement>>('documentsHeading');

  /** Months to choose from, newest first: from this month back YEARS_OFFERED whole years, and what is shown. */
  protected readonly monthChoices = computed(() => {
    const now = new Date();
    const current = now.getFullYear() * 12 + now.getMonth();
    const data = this.loaded();
    const newest = Math.max(current, data ? monthIndex(data.to) : current);
    const oldest = Math.min(
      (Math.floor(newest / 12) - YEARS_OFFERED) * 12,
      data ? monthIndex(data.from) : newest,
    );
    const months: string[] = [];
    for (let index = newest; index >= oldest; index--) months.push(monthText(index));
    return months;
  });

  constructor() {
    effect(() => {
      if (!this.summary.hasValue()) return;
      const data = this.summary.value();
      this.loaded.set(data);
      this.from.set(data.from);
      this.to.set(data.to);
      this.open.set(undefined);
    });
    // Opening a row's documents moves the focus to them, so keyboard and screen-reader users land there too.
    effect(() => {
      if (this.open() !== undefined) this.documentsHeading()?.nativeElement.focus();
    });
  }

  protected show(): void {
    this.range.set({ from: this.from(), to: this.to() });
  }

  protected isOpen(month: string, row: RechargeUnitRow): boolean {
    const shown = this.open();
    return shown !== undefined && shown.month === month && shown.row === row;
  }

  protected toggle(month: string, row: RechargeUnitRow): void {
    this.open.set(this.isOpen(month, row) ? undefined : { month, row });
  }

  protected close(): void {
    this.open.set(undefined);
  }

  protected async download(format: RechargeExportFormat): Promise<void> {
    const data = this.loaded();
    if (data === undefined) return;
    await this.save(
      () => this.api.export(this.communityId(), this.memberId(), format, { from: data.from, to: data.to }),
      `prefakturace-${data.from}-${data.to}.${format}`,
    );
  }

  protected async file(doc: RechargeDocument, format: DocumentFormat): Promise<void> {
    await this.save(
      () => this.documents.file(this.communityId(), doc.id, format),
      `${doc.number}.${format === 'pdf' ? 'pdf' : 'isdoc'}`,
    );
  }

  private async save(fetch: () => ReturnType<RechargesApi['export']>, name: string): Promise<void> {
    this.downloadError.set(undefined);
    try {
      const blob = await firstValueFrom(fetch());
      saveBlob(blob, name);
    } catch (error) {
      this.downloadError.set(error);
    }
  }
}
