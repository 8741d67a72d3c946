import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';

import { SharingApi } from '@sdilna/portal/data-access-community';
import { ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';
import { parseLocalDate, pragueDateOf } from '@sdilna/shared/domain-core';

import { monthRange, previousMonth } from '../month';

interface DayCell {
  readonly date: string;
  readonly day: number;
  readonly hasData: boolean;
}

/** Which days of a month have EDC data: a calendar readable without colour (✓ / ✗ and words). */
@Component({
  selector: 'sd-completeness-page',
  imports: [RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.completeness.title' | t }}</h1>
    <div class="field narrow">
      <label for="completeness-month">{{ 'common.month' | t }}</label>
      <input
        id="completeness-month"
        type="month"
        [value]="month()"
        (change)="month.set($any($event.target).value)"
      />
    </div>
    <sd-api-error [error]="sharing.error()" />
    @if (sharing.value()) {
      <p role="status">
        {{ 'admin.completeness.summary' | t: { present: presentCount(), total: cells().length } }}
      </p>
      @if (presentCount() === 0) {
        <p>
          <a routerLink="../imports">{{ 'admin.completeness.upload' | t }}</a>
        </p>
      }
      <table class="calendar">
        <caption class="visually-hidden">
          {{
            'admin.completeness.title' | t
          }}
          {{
            month()
          }}
        </caption>
        <thead>
          <tr>
            @for (name of weekdays; track name) {
              <th scope="col">{{ 'weekday.' + name | t }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (week of weeks(); track $index) {
            <tr>
              @for (cell of week; track $index) {
                @if (cell) {
                  <td [class.missing]="!cell.hasData">
                    <span class="day">{{ cell.day }}</span>
                    <span class="mark">{{ cell.hasData ? '✓' : '✗' }}</span>
                    <span class="visually-hidden">{{
                      (cell.hasData ? 'admin.completeness.present' : 'admin.completeness.missing') | t
                    }}</span>
                  </td>
                } @else {
                  <td></td>
                }
              }
            </tr>
          }
        </tbody>
      </table>
    }
  `,
  styles: `
    .calendar {
      border-collapse: separate;
      border-spacing: 0.25rem;
    }
    .calendar td {
      width: 3rem;
      height: 3rem;
      text-align: center;
      background: #e6f4ea;
      border-radius: 0.25rem;
    }
    .calendar td.missing {
      background: #fdecea;
      border: 2px dashed var(--sd-danger);
    }
    .calendar td:empty {
      background: transparent;
    }
    .day {
      display: block;
      font-weight: 600;
    }
  `,
})
export class CompletenessPage {
  private readonly api = inject(SharingApi);
  readonly communityId = input.required<string>();
  protected readonly month = signal(previousMonth());
  protected readonly weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

  protected readonly sharing = rxResource({
    params: () => ({ communityId: this.communityId(), ...monthRange(this.month()) }),
    stream: ({ params }) =>
      this.api.get(params.communityId, { from: params.from, to: params.to, granularity: 'day' }),
  });

  protected readonly cells = computed<DayCell[]>(() => {
    const answer = this.sharing.value();
    const withData = new Set(
      (answer?.points ?? []).flatMap((p) =>
        p.series
          .filter((s) => s.measuredKwh !== 0 || s.sharedKwh !== 0)
          .map((s) => pragueDateOf(Date.parse(s.start))),
      ),
    );
    return monthRange(this.month()).days.map((date) => ({
      date,
      day: parseLocalDate(date).day,
      hasData: withData.has(date),
    }));
  });
  protected readonly presentCount = computed(() => this.cells().filter((c) => c.hasData).length);

  /** Weeks from Monday; blanks before the first and after the last day. */
  protected readonly weeks = computed(() => {
    const cells = this.cells();
    const first = cells[0];
    if (!first) return [];
    const { year, month, day } = parseLocalDate(first.date);
    const offset = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
    const slots: (DayCell | undefined)[] = [...Array<undefined>(offset).fill(undefined), ...cells];
    const weeks: (DayCell | undefined)[][] = [];
    for (let i = 0; i < slots.length; i += 7) weeks.push(slots.slice(i, i + 7));
    return weeks;
  });
}
