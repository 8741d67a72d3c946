import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';

import type { PeriodConflictDetails } from '@sdilna/shared/util-api-contract';
import { formatLocalDate, I18n, TranslatePipe } from '@sdilna/portal/util-i18n';

import { ApiErrorMessage } from './api-error-message';

/** The months and documents of a 409 PERIOD_HAS_FINAL_DOCUMENTS, or undefined for any other error. */
export function finalDocumentsOf(error: unknown): PeriodConflictDetails | undefined {
  if (!(error instanceof HttpErrorResponse) || error.status !== 409) return undefined;
  const body = error.error as { error?: { code?: unknown; details?: unknown } } | null;
  if (body?.error?.code !== 'PERIOD_HAS_FINAL_DOCUMENTS') return undefined;
  const details = body.error.details as Partial<PeriodConflictDetails> | undefined;
  return {
    months: Array.isArray(details?.months) ? details.months : [],
    documents: Array.isArray(details?.documents) ? details.documents : [],
  };
}

/**
 * The error of a period change (ending, following, moving a period). A change that would alter a month with
 * final documents is explained with the months and document numbers, and offered again as a correction: the
 * page repeats the same request with `asCorrection: true` on `(correct)`; a correction run then re-bills the
 * month. Any other error shows as `<sd-api-error>`.
 *
 *     <sd-period-error [error]="call.error()" [busy]="call.busy()" (correct)="end(true)" />
 */
@Component({
  selector: 'sd-period-error',
  imports: [ApiErrorMessage, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (finalDocuments(); as conflict) {
      <section
        class="final-documents"
        role="alertdialog"
        aria-modal="false"
        [attr.aria-labelledby]="dialogId() + '-title'"
        [attr.aria-describedby]="dialogId() + '-text'"
        data-testid="final-documents"
      >
        <h3 [id]="dialogId() + '-title'">{{ 'periods.final.title' | t }}</h3>
        <p [id]="dialogId() + '-text'">{{ 'periods.final.text' | t: { months: months() } }}</p>
        @if (conflict.documents.length > 0) {
          <p>{{ 'periods.final.documents' | t }}</p>
          <ul>
            @for (document of conflict.documents; track document.id) {
              <li class="mono">{{ document.number }}</li>
            }
          </ul>
        }
        @if (correctable()) {
          <p>{{ 'periods.final.correction' | t }}</p>
          <div class="actions">
            <button
              type="button"
              class="primary"
              (click)="correct.emit()"
              [disabled]="busy()"
              data-testid="as-correction"
            >
              {{ 'periods.final.asCorrection' | t }}
            </button>
          </div>
        }
      </section>
    } @else {
      <sd-api-error [error]="error()" />
    }
  `,
  styles: `
    .final-documents {
      border-left: 4px solid var(--sd-danger);
      background: #fff;
      padding: 0.5rem 0.75rem;
      margin: 0.75rem 0;
      border-radius: 0.25rem;
    }
    h3 {
      margin: 0 0 0.25rem;
      font-size: 1rem;
      color: var(--sd-danger);
    }
    ul {
      margin: 0.25rem 0;
      padding-left: 1.25rem;
    }
  `,
})
export class PeriodErrorMessage {
  private readonly i18n = inject(I18n);
  readonly error = input<unknown>();
  readonly busy = input(false);
  /** false where the API takes no `asCorrection` (a point's successor): the conflict is explained, not offered */
  readonly correctable = input(true);
  /** ids of the dialog's title and text (several period forms on one page) */
  readonly dialogId = input('period-error');
  readonly correct = output<void>();

  protected readonly finalDocuments = computed(() => finalDocumentsOf(this.error()));
  protected readonly months = computed(() => {
    const language = this.i18n.language();
    return (this.finalDocuments()?.months ?? [])
      .map((month) => formatLocalDate(month, language, 'month'))
      .join(', ');
  });
}
