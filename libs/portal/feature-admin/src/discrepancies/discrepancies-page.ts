import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { forkJoin } from 'rxjs';

import { SharingApi } from '@sdilna/portal/data-access-community';
import { ApiErrorMessage, EmptyState } from '@sdilna/portal/ui-kit';
import { I18n, TranslatePipe } from '@sdilna/portal/util-i18n';
import { kwhFromJsonNumber, kwhToJsonNumber } from '@sdilna/shared/domain-core';

import { monthRange, previousMonth } from '../month';

interface Difference {
  readonly ean: string;
  readonly role: string;
  readonly edc: number;
  readonly computed: number;
  readonly difference: number;
}

/** EDC's shared kWh next to our engine's for the registered key: every EAN whose month total differs. */
@Component({
  selector: 'sd-discrepancies-page',
  imports: [TranslatePipe, ApiErrorMessage, EmptyState, DecimalPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.discrepancies.title' | t }}</h1>
    <p class="lead">{{ 'admin.discrepancies.lead' | t }}</p>
    <div class="field narrow">
      <label for="discrepancy-month">{{ 'common.month' | t }}</label>
      <input
        id="discrepancy-month"
        type="month"
        [value]="month()"
        (change)="month.set($any($event.target).value)"
      />
    </div>
    <sd-api-error [error]="comparison.error()" />
    @if (comparison.value(); as c) {
      @if (c.edc.points.length === 0) {
        <sd-empty-state [heading]="i18n.t('admin.discrepancies.noDataTitle')">
          <p>{{ 'admin.discrepancies.noDataText' | t }}</p>
        </sd-empty-state>
      } @else if (differences().length === 0) {
        <p class="ok" role="status">{{ 'admin.discrepancies.none' | t: { count: c.edc.points.length } }}</p>
      } @else {
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">EAN</th>
                <th scope="col">{{ 'point.role' | t }}</th>
                <th scope="col">{{ 'admin.discrepancies.edc' | t }}</th>
                <th scope="col">{{ 'admin.discrepancies.computed' | t }}</th>
                <th scope="col">{{ 'admin.discrepancies.difference' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (row of differences(); track row.ean) {
                <tr>
                  <th scope="row" class="mono">{{ row.ean }}</th>
                  <td>{{ 'pointRole.' + row.role | t }}</td>
                  <td>{{ row.edc | number: '1.2-2' }}</td>
                  <td>{{ row.computed | number: '1.2-2' }}</td>
                  <td>{{ row.difference | number: '1.2-2' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    }
  `,
})
export class DiscrepanciesPage {
  private readonly api = inject(SharingApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly month = signal(previousMonth());

  protected readonly comparison = rxResource({
    params: () => ({ communityId: this.communityId(), ...monthRange(this.month()) }),
    stream: ({ params }) => {
      const query = { from: params.from, to: params.to, granularity: 'month' as const };
      return forkJoin({
        edc: this.api.get(params.communityId, { ...query, source: 'edc' }),
        computed: this.api.get(params.communityId, { ...query, source: 'computed' }),
      });
    },
  });

  protected readonly differences = computed<Difference[]>(() => {
    const c = this.comparison.value();
    if (!c) return [];
    const ours = new Map(c.computed.points.map((p) => [p.ean, kwhFromJsonNumber(p.totals.sharedKwh)]));
    return c.edc.points.flatMap((p) => {
      const edc = kwhFromJsonNumber(p.totals.sharedKwh);
      const computedValue = ours.get(p.ean) ?? 0;
      return edc === computedValue
        ? []
        : [
            {
              ean: p.ean,
              role: p.role,
              edc: kwhToJsonNumber(edc),
              computed: kwhToJsonNumber(computedValue),
              difference: kwhToJsonNumber(edc - computedValue),
            },
          ];
    });
  });
}
