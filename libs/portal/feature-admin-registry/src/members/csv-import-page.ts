import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import {
  CsvImportApi,
  type CsvImportReport,
  type CsvImportTarget,
} from '@sdilna/portal/data-access-community';
import { ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

/** CSV import of members or metering points with a report per row; a refused file imports nothing. */
@Component({
  selector: 'sd-csv-import-page',
  imports: [RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <a routerLink="..">← {{ 'csvImport.back.' + target() | t }}</a>
    </p>
    <h1>{{ 'csvImport.title.' + target() | t }}</h1>
    <p class="lead">{{ 'csvImport.help.' + target() | t }}</p>
    <form (submit)="$event.preventDefault(); upload()" class="narrow">
      <div class="field">
        <label for="csv-file">{{ 'csvImport.file' | t }}</label>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          (change)="pick($event)"
          aria-describedby="csv-file-error"
        />
        @if (missingFile()) {
          <p class="field-error" id="csv-file-error">{{ 'csvImport.pickFile' | t }}</p>
        }
      </div>
      <button type="submit" class="primary" [disabled]="busy()">{{ 'csvImport.submit' | t }}</button>
    </form>
    @if (report(); as r) {
      <p
        role="status"
        [class.ok]="r.imported > 0"
        [class.field-error]="r.imported === 0"
        data-testid="csv-import-result"
      >
        {{ (r.imported > 0 ? 'csvImport.imported' : 'csvImport.rejected') | t: { count: r.imported } }}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{{ 'csvImport.line' | t }}</th>
              <th scope="col">{{ 'csvImport.status' | t }}</th>
              <th scope="col">{{ 'csvImport.problems' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (row of r.rows; track row.line) {
              <tr>
                <td>{{ row.line }}</td>
                <td>{{ (row.status === 'ok' ? 'csvImport.rowOk' : 'csvImport.rowError') | t }}</td>
                <td>
                  @for (problem of row.problems ?? []; track $index) {
                    <div>{{ problem.message }}</div>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
    <sd-api-error [error]="error()" />
  `,
})
export class CsvImportPage {
  private readonly api = inject(CsvImportApi);
  readonly communityId = input.required<string>();
  readonly target = input.required<CsvImportTarget>();
  private readonly file = signal<File | undefined>(undefined);
  protected readonly submitted = signal(false);
  protected readonly missingFile = computed(() => this.submitted() && !this.file());
  protected readonly busy = signal(false);
  protected readonly report = signal<CsvImportReport | undefined>(undefined);
  protected readonly error = signal<unknown>(undefined);

  protected pick(event: Event): void {
    this.file.set((event.target as HTMLInputElement).files?.[0]);
  }

  protected async upload(): Promise<void> {
    this.submitted.set(true);
    const file = this.file();
    if (!file) return;
    this.busy.set(true);
    this.error.set(undefined);
    this.report.set(undefined);
    try {
      this.report.set(await firstValueFrom(this.api.import(this.communityId(), this.target(), file)));
    } catch (error) {
      const rows = rejectedRows(error);
      if (rows) this.report.set({ imported: 0, rows });
      else this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }
}

/** A refused file (422 IMPORT_REJECTED) carries the per-row report in `details.rows`. */
function rejectedRows(error: unknown): CsvImportReport['rows'] | undefined {
  if (!(error instanceof HttpErrorResponse)) return undefined;
  const body = error.error as { error?: { details?: { rows?: CsvImportReport['rows'] } } } | null;
  const rows = body?.error?.details?.rows;
  return Array.isArray(rows) ? rows : undefined;
}
