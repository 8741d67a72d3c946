import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { addDays } from '@sdilna/shared/domain-core';
import { formatLocalDate, I18n, TranslatePipe } from '@sdilna/portal/util-i18n';
import type { SettlementDataGap } from '@sdilna/shared/util-api-contract';

/**
 * The metering points of a month whose EDC data are missing or preliminary, each with its days as ranges in the
 * UI's language: what refuses a month (409 SETTLEMENT_DATA_INCOMPLETE) and what a run settled anyway accepted.
 */
@Component({
  selector: 'sd-data-gaps-table',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <!-- a wide table scrolls on a phone: the region takes the keyboard focus to scroll it -->
    <div class="table-wrap" tabindex="0" role="region" [attr.aria-label]="caption()">
      <table data-testid="data-gaps">
        <caption class="visually-hidden">
          {{
            caption()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ 'settlements.gapPoint' | t }}</th>
            <th scope="col">{{ 'settlements.gapMissing' | t }}</th>
            <th scope="col">{{ 'settlements.gapPreliminary' | t }}</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.ean) {
            <tr>
              <th scope="row">
                @if (row.label) {
                  {{ row.label }}<br />
                }
                <span class="ean">{{ row.ean }}</span>
              </th>
              <td>{{ row.missing }}</td>
              <td>{{ row.preliminary }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .ean {
      font-variant-numeric: tabular-nums;
      font-weight: 400;
    }
  `,
})
export class DataGapsTable {
  private readonly i18n = inject(I18n);
  readonly gaps = input.required<readonly SettlementDataGap[]>();
  readonly caption = input('');

  protected readonly rows = computed(() =>
    [...this.gaps()]
      .sort((a, b) => (a.label ?? a.ean).localeCompare(b.label ?? b.ean, this.i18n.language()))
      .map((gap) => ({
        ean: gap.ean,
        label: gap.label,
        missing: this.ranges(gap.missingDays),
        preliminary: this.ranges(gap.preliminaryDays),
      })),
  );

  /** Consecutive days as one range: "1. 5. 2026 – 20. 5. 2026, 24. 5. 2026"; none as a dash. */
  private ranges(days: readonly string[]): string {
    if (days.length === 0) return '–';
    const language = this.i18n.language();
    const sorted = [...new Set(days)].sort();
    const ranges: Array<[string, string]> = [];
    for (const day of sorted) {
      const last = ranges[ranges.length - 1];
      if (last && addDays(last[1], 1) === day) last[1] = day;
      else ranges.push([day, day]);
    }
    return ranges
      .map(([from, to]) =>
        from === to
          ? formatLocalDate(from, language)
          : `${formatLocalDate(from, language)} – ${formatLocalDate(to, language)}`,
      )
      .join(', ');
  }
}
