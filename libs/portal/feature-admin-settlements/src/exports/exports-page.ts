import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom, map } from 'rxjs';

import {
  type DocumentFormat,
  DocumentsApi,
  ExportsApi,
  type IssuedDocument,
  type SettlementRun,
  SettlementsApi,
} from '@sdilna/portal/data-access-community';
import { ApiErrorMessage, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import {
  I18n,
  LocalDatePipe,
  LocalMoneyPipe,
  LocalNumberPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';

/** Saves a fetched file under `name` (the API wants the token, so a plain link would not do). */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * A failed file download's error with its body read as JSON: asked for a Blob, Angular hands the API's
 * `{ error: { code } }` over as a Blob too, and the page could then only say "error 409", not what went wrong.
 */
async function readableError(error: unknown): Promise<unknown> {
  if (!(error instanceof HttpErrorResponse) || !(error.error instanceof Blob)) return error;
  try {
    return new HttpErrorResponse({
      error: JSON.parse(await error.error.text()) as unknown,
      headers: error.headers,
      status: error.status,
      statusText: error.statusText,
      ...(error.url ? { url: error.url } : {}),
    });
  } catch {
    return error;
  }
}

/**
 * Files for the accountant: the CSV of every final settlement run, and each run's documents as PDF and ISDOC.
 * Only final runs export: a draft's figures may still change.
 */
@Component({
  selector: 'sd-exports-page',
  imports: [TranslatePipe, ApiErrorMessage, LocalDatePipe, LocalMoneyPipe, LocalNumberPipe, RESOURCE_LIST],
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
              </div>
            </th>
            <td>{{ 'exports.runKind.' + run.kind | t }}</td>
            <td>{{ run.totals.sharedKwh | sdNumber: 2 : 2 }} kWh</td>
            <td>{{ +run.totals.consumersPay | sdMoney: run.totals.currency }}</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
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
