import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import type { SharingStatusResponse } from '@sdilna/shared/util-api-contract';
import { formatLocalDate, I18n, TranslatePipe } from '@sdilna/portal/util-i18n';

/**
 * Says above computed figures (dashboard, discrepancies, key preview, settlements) that some months are of
 * superseded inputs: waiting for their recompute (`stale`) or being recomputed. Nothing while they are current.
 *
 *     <sd-freshness-banner [status]="freshness.status()" />
 */
@Component({
  selector: 'sd-freshness-banner',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (texts(); as lines) {
      <div class="freshness" role="status" data-testid="freshness-banner">
        @for (line of lines; track line.key) {
          <p [attr.data-state]="line.state">{{ line.key | t: { months: line.months } }}</p>
        }
        <p class="hint">{{ 'freshness.hint' | t }}</p>
      </div>
    }
  `,
  styles: `
    .freshness {
      border-left: 4px solid var(--sd-sun);
      background: #fff8dc;
      padding: 0.5rem 0.75rem;
      margin: 0.75rem 0;
      border-radius: 0.25rem;
    }
    p {
      margin: 0;
      font-weight: 600;
    }
    p.hint {
      font-weight: normal;
      color: var(--sd-text);
    }
  `,
})
export class FreshnessBanner {
  private readonly i18n = inject(I18n);
  readonly status = input<SharingStatusResponse | undefined>();

  protected readonly texts = computed(() => {
    const status = this.status();
    if (!status || status.state === 'current') return undefined;
    const language = this.i18n.language();
    const months = (list: readonly string[]) =>
      list.map((month) => formatLocalDate(month, language, 'month')).join(', ');
    const lines = [];
    if (status.recomputingMonths.length > 0) {
      lines.push({
        key: 'freshness.recomputing',
        state: 'recomputing',
        months: months(status.recomputingMonths),
      });
    }
    if (status.staleMonths.length > 0) {
      lines.push({ key: 'freshness.stale', state: 'stale', months: months(status.staleMonths) });
    }
    return lines.length > 0 ? lines : undefined;
  });
}
