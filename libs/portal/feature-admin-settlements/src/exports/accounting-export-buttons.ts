import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import {
  type AccountingExportFormat,
  accountingExportFileName,
  ExportsApi,
  readableError,
  saveBlob,
} from '@sdilna/portal/data-access-community';
import { ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

/**
 * The accounting export of one final run: a ZIP of ISDOCX files (each ISDOC with its PDF) and a Pohoda XML data
 * pack. `label` names the run for screen readers ("June 2026"), as several runs' buttons share a page.
 */
@Component({
  selector: 'sd-accounting-export-buttons',
  imports: [TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (format of formats; track format) {
      <button
        type="button"
        class="link"
        [disabled]="busy()"
        (click)="download(format)"
        [attr.data-testid]="'accounting-export-' + format + '-' + runId()"
      >
        {{ 'exports.format.' + format | t }}<span class="visually-hidden"> {{ label() }}</span>
      </button>
    }
    <sd-api-error [error]="error()" />
  `,
  styles: `
    :host {
      display: contents;
    }
  `,
})
export class AccountingExportButtons {
  private readonly exports = inject(ExportsApi);
  readonly communityId = input.required<string>();
  readonly runId = input.required<string>();
  /** the file name's stem, as the API names it: `settlement-2026-06` */
  readonly fileStem = input.required<string>();
  readonly label = input('');
  protected readonly formats: readonly AccountingExportFormat[] = ['isdoc-zip', 'pohoda'];
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(undefined);

  protected async download(format: AccountingExportFormat): Promise<void> {
    this.error.set(undefined);
    this.busy.set(true);
    try {
      const blob = await firstValueFrom(this.exports.runExport(this.communityId(), this.runId(), format));
      saveBlob(blob, accountingExportFileName(this.fileStem(), format));
    } catch (error) {
      this.error.set(await readableError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
