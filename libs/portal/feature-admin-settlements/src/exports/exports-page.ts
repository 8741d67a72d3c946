import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { firstValueFrom, map } from 'rxjs';

import {
  type AccountingExportFormat,
  accountingExportFileName,
  type DocumentFormat,
  DocumentsApi,
  ExportsApi,
  type IssuedDocument,
  readableError,
  saveBlob,
  type SettlementRun,
  SettlementsApi,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import {
  I18n,
  LocalDatePipe,
  LocalMoneyPipe,
  LocalNumberPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';
import { POHODA_CODE_MAX_LENGTH } from '@sdilna/shared/util-api-contract';

import { AccountingExportButtons } from './accounting-export-buttons';

/** The last day of the previous month and its first day, the range an accountant usually exports. */
function lastMonth(today = new Date()): { from: string; to: string } {
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

const POHODA_CODE = [Validators.maxLength(POHODA_CODE_MAX_LENGTH), Validators.pattern(/^(|.*\S.*)$/)];

/**
 * Files for the accountant: per final settlement run the CSV, the ISDOC batch (ZIP of ISDOCX) and the Pohoda XML
 * data pack, and each run's documents as PDF and ISDOC; the same batch and pack for any range of issue dates;
 * and how documents enter Pohoda (accounting codes and number series). Only final runs export: a draft's figures
 * may still change.
 */
@Component({
  selector: 'sd-exports-page',
  imports: [
    TranslatePipe,
    ApiErrorMessage,
    LocalDatePipe,
    LocalMoneyPipe,
    LocalNumberPipe,
    RESOURCE_LIST,
    ReactiveFormsModule,
    FORM_FIELD,
    AccountingExportButtons,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'exports.title' | t }}</h1>
    <p class="lead">{{ 'exports.lead' | t }}</p>
    <sd-api-error [error]="downloadError()" />
    <sd-resource-list
      [resource]="runs"
      [emptyHeading]="i18n.t('exports.emptyTitle')"
      [showLoading]="true"
      [columns]="['common.month', 'exports.kind', 'exports.sharedKwh', 'exports.consumersPay']"
      tableTestId="exports-table"
    >
      <p sdEmpty>{{ 'exports.emptyText' | t }}</p>
      <ng-template [sdListRows]="runs" let-list>
        @for (run of list; track run.id) {
          <tr>
            <!-- the files sit with the month in the sticky first column: reachable on a phone too -->
            <th scope="row">
              {{ run.period | sdDate: 'month' }}
              <div class="row-actions">
                <button
                  type="button"
                  class="link"
                  (click)="csv(run)"
                  [attr.data-testid]="'export-csv-' + run.id"
                >
                  {{ 'exports.csv' | t
                  }}<span class="visually-hidden"> {{ run.period | sdDate: 'month' }}</span>
                </button>
                <button
                  type="button"
                  class="link"
                  [attr.aria-pressed]="selected() === run.id"
                  (click)="selected.set(run.id)"
                >
                  {{ 'exports.documents' | t
                  }}<span class="visually-hidden"> {{ run.period | sdDate: 'month' }}</span>
                </button>
                <sd-accounting-export-buttons
                  [communityId]="communityId()"
                  [runId]="run.id"
                  [fileStem]="'settlement-' + run.period"
                  [label]="run.period | sdDate: 'month'"
                />
              </div>
            </th>
            <td>{{ 'exports.runKind.' + run.kind | t }}</td>
            <td>{{ run.totals.sharedKwh | sdNumber: 2 : 2 }} kWh</td>
            <td>{{ +run.totals.consumersPay | sdMoney: run.totals.currency }}</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
    <section aria-labelledby="range-title">
      <h2 id="range-title">{{ 'exports.rangeTitle' | t }}</h2>
      <p class="hint">{{ 'exports.rangeLead' | t }}</p>
      <form
        [formGroup]="range"
        [sdSubmitted]="rangeSubmitted()"
        (ngSubmit)="rangeExport('isdoc-zip')"
        novalidate
        class="grid-form"
      >
        <sd-field for="export-from" label="exports.from" error="exports.dateRule">
          <input sdFieldControl type="date" formControlName="from" data-testid="export-from" />
        </sd-field>
        <sd-field for="export-to" label="exports.to" error="exports.dateRule">
          <input sdFieldControl type="date" formControlName="to" data-testid="export-to" />
        </sd-field>
        <div class="field submit row-actions">
          <button type="submit" class="primary" [disabled]="rangeBusy()" data-testid="range-export-isdoc-zip">
            {{ 'exports.format.isdoc-zip' | t }}
          </button>
          <button
            type="button"
            [disabled]="rangeBusy()"
            (click)="rangeExport('pohoda')"
            data-testid="range-export-pohoda"
          >
            {{ 'exports.format.pohoda' | t }}
          </button>
        </div>
      </form>
    </section>
    <section aria-labelledby="pohoda-title">
      <h2 id="pohoda-title">{{ 'exports.pohodaTitle' | t }}</h2>
      <p class="hint">{{ 'exports.pohodaLead' | t }}</p>
      <sd-api-error [error]="pohodaSettings.error()" />
      <form
        [formGroup]="pohoda"
        [sdSubmitted]="pohodaSubmitted()"
        (ngSubmit)="savePohoda()"
        novalidate
        class="grid-form"
      >
        @for (field of pohodaFields; track field) {
          <sd-field
            [for]="'pohoda-' + field"
            [label]="'exports.pohoda.' + field"
            optional
            error="exports.pohodaRule"
          >
            <input
              sdFieldControl
              [formControlName]="field"
              autocomplete="off"
              [attr.data-testid]="'pohoda-' + field"
            />
          </sd-field>
        }
        <div class="field submit">
          <button type="submit" class="primary" [disabled]="pohodaCall.busy()" data-testid="pohoda-save">
            {{ 'common.save' | t }}
          </button>
        </div>
      </form>
      @if (pohodaSaved()) {
        <p class="notice" role="status" data-testid="pohoda-saved">{{ 'exports.pohodaSaved' | t }}</p>
      }
      <sd-api-error [error]="pohodaCall.error()" />
    </section>
    @if (selectedRun(); as run) {
      <h2>{{ 'exports.documentsOf' | t: { month: (run.period | sdDate: 'month') } }}</h2>
      <sd-resource-list
        [resource]="documents"
        [emptyHeading]="i18n.t('documents.emptyTitle')"
        [showLoading]="true"
        [columns]="['documents.number', 'documents.parties', 'documents.gross']"
        tableTestId="export-documents-table"
      >
        <ng-template [sdListRows]="documents" let-list>
          @for (doc of ofRun(list, run.id); track doc.id) {
            <tr>
              <th scope="row">
                <span class="mono">{{ doc.number }}</span>
                <div class="row-actions">
                  <button type="button" class="link" (click)="file(doc, 'pdf')">
                    PDF<span class="visually-hidden"> {{ doc.number }}</span>
                  </button>
                  <button type="button" class="link" (click)="file(doc, 'isdoc')">
                    ISDOC<span class="visually-hidden"> {{ doc.number }}</span>
                  </button>
                </div>
              </th>
              <td>{{ doc.sellerName }} → {{ doc.buyerName }}</td>
              <td>{{ +doc.gross | sdMoney: doc.currency }}</td>
            </tr>
          }
        </ng-template>
      </sd-resource-list>
    }
  `,
  styles: `
    .row-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
    }
  `,
})
export class ExportsPage {
  private readonly settlements = inject(SettlementsApi);
  private readonly documentsApi = inject(DocumentsApi);
  private readonly exports = inject(ExportsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly runs = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) =>
      this.settlements.list(params).pipe(map((runs) => runs.filter((run) => run.status === 'final'))),
  });
  protected readonly selected = signal<string | undefined>(undefined);
  protected readonly selectedRun = computed(() =>
    (this.runs.hasValue() ? this.runs.value() : []).find((run) => run.id === this.selected()),
  );
  /** loaded once a run is chosen; the API lists the community's documents, the page keeps the run's */
  protected readonly documents = rxResource({
    params: () => (this.selected() ? this.communityId() : undefined),
    stream: ({ params }) => this.documentsApi.list(params),
  });
  protected readonly downloadError = signal<unknown>(undefined);

  private readonly forms = inject(NonNullableFormBuilder);
  protected readonly range = this.forms.group({
    from: [lastMonth().from, Validators.required],
    to: [lastMonth().to, Validators.required],
  });
  protected readonly rangeSubmitted = signal(false);
  protected readonly rangeBusy = signal(false);

  protected readonly pohodaFields = [
    'issuedAccounting',
    'receivedAccounting',
    'issuedNumberSeries',
    'receivedNumberSeries',
  ] as const;
  protected readonly pohoda = this.forms.group({
    issuedAccounting: ['', POHODA_CODE],
    receivedAccounting: ['', POHODA_CODE],
    issuedNumberSeries: ['', POHODA_CODE],
    receivedNumberSeries: ['', POHODA_CODE],
  });
  protected readonly pohodaSettings = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.exports.settings(params),
  });
  protected readonly pohodaSubmitted = signal(false);
  protected readonly pohodaSaved = signal(false);
  protected readonly pohodaCall = new ApiCall();

  constructor() {
    effect(() => {
      if (!this.pohodaSettings.hasValue()) return;
      const settings = this.pohodaSettings.value();
      this.pohoda.setValue({
        issuedAccounting: settings.issuedAccounting ?? '',
        receivedAccounting: settings.receivedAccounting ?? '',
        issuedNumberSeries: settings.issuedNumberSeries ?? '',
        receivedNumberSeries: settings.receivedNumberSeries ?? '',
      });
    });
  }

  protected async rangeExport(format: AccountingExportFormat): Promise<void> {
    this.rangeSubmitted.set(true);
    if (this.range.invalid) return;
    const { from, to } = this.range.getRawValue();
    this.rangeBusy.set(true);
    try {
      await this.download(
        () => firstValueFrom(this.exports.rangeExport(this.communityId(), from, to, format)),
        accountingExportFileName(`documents-${from}-${to}`, format),
      );
    } finally {
      this.rangeBusy.set(false);
    }
  }

  protected async savePohoda(): Promise<void> {
    this.pohodaSubmitted.set(true);
    this.pohodaSaved.set(false);
    this.pohodaCall.clear();
    if (this.pohoda.invalid) return;
    const value = this.pohoda.getRawValue();
    const code = (text: string) => (text.trim() === '' ? null : text.trim());
    const done = await this.pohodaCall.run(() =>
      this.exports.saveSettings(this.communityId(), {
        issuedAccounting: code(value.issuedAccounting),
        receivedAccounting: code(value.receivedAccounting),
        issuedNumberSeries: code(value.issuedNumberSeries),
        receivedNumberSeries: code(value.receivedNumberSeries),
      }),
    );
    if (done) {
      this.pohodaSubmitted.set(false);
      this.pohodaSaved.set(true);
      this.pohodaSettings.reload();
    }
  }

  protected ofRun(documents: readonly IssuedDocument[], runId: string): readonly IssuedDocument[] {
    return documents.filter((doc) => doc.runId === runId);
  }

  protected async csv(run: SettlementRun): Promise<void> {
    await this.download(
      () => firstValueFrom(this.exports.settlementCsv(this.communityId(), run.id)),
      `settlement-${run.period}.csv`,
    );
  }

  protected async file(doc: IssuedDocument, format: DocumentFormat): Promise<void> {
    await this.download(
      () => firstValueFrom(this.documentsApi.file(this.communityId(), doc.id, format)),
      `${doc.number}.${format === 'pdf' ? 'pdf' : 'isdoc'}`,
    );
  }

  private async download(fetch: () => Promise<Blob>, name: string): Promise<void> {
    this.downloadError.set(undefined);
    try {
      saveBlob(await fetch(), name);
    } catch (error) {
      this.downloadError.set(await readableError(error));
    }
  }
}
