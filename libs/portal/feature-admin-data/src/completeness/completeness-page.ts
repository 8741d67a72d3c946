import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';

import { type CompletenessState, SharingApi } from '@sdilna/portal/data-access-community';
import { ApiErrorMessage, monthRange, previousMonth } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';
import { parseLocalDate } from '@sdilna/shared/domain-core';

interface DayCell {
  readonly date: string;
  readonly day: number;
  readonly state: CompletenessState;
}

const RANK: Readonly<Record<CompletenessState, number>> = {
  missing: 0,
  partial: 1,
  preliminary: 2,
  complete: 3,
};
const MARK: Readonly<Record<CompletenessState, string>> = {
  complete: '✓',
  preliminary: '◐',
  partial: '◔',
  missing: '✗',
};

/** Which days of a month have EDC data: the worst state of any point per day, readable without colour. */
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
        (change)="pick($any($event.target).value)"
      />
    </div>
    <sd-api-error [error]="completeness.error()" />
    @if (completeness.hasValue() ? completeness.value() : undefined; as answer) {
      <p role="status">
        {{ 'admin.completeness.summary' | t: { present: completeDays(), total: cells().length } }}
      </p>
      <ul class="legend">
        @for (state of states; track state) {
          <li>
            <span class="mark" aria-hidden="true">{{ mark[state] }}</span>
            {{ 'completeness.' + state | t }} ({{ answer.counts[state] }}
            {{ 'admin.completeness.pointDays' | t }})
          </li>
        }
      </ul>
      @if (answer.points.length === 0) {
        <p>{{ 'admin.completeness.noPoints' | t }}</p>
      } @else if (completeDays() === 0) {
        <p>
          <a routerLink="../imports">{{ 'admin.completeness.upload' | t }}</a>
        </p>
      }
      <table class="calendar" data-testid="completeness-calendar">
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
                  <td [class]="cell.state" [attr.title]="'completeness.' + cell.state | t">
                    <span class="day">{{ cell.day }}</span>
                    <span class="mark" aria-hidden="true">{{ mark[cell.state] }}</span>
                    <span class="visually-hidden">{{ 'completeness.' + cell.state | t }}</span>
                  </td>
                } @else {
                  <td class="blank"></td>
                }
              }
            </tr>
          }
        </tbody>
      </table>
    } @else if (completeness.isLoading()) {
      <p role="status">{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      list-style: none;
      padding: 0;
    }
    .calendar {
      border-collapse: separate;
      border-spacing: 0.25rem;
      min-width: 0;
      background: transparent;
    }
    .calendar td {
      width: 3rem;
      height: 3rem;
      text-align: center;
      border-radius: 0.25rem;
      border: 1px solid #d0d7de;
    }
    .calendar td.complete {
      background: #e6f4ea;
    }
    .calendar td.preliminary {
      background: #fff8db;
    }
    .calendar td.partial {
      background: #fde7d9;
      border: 2px dotted var(--sd-danger);
    }
    .calendar td.missing {
      background: #fdecea;
      border: 2px dashed var(--sd-danger);
    }
    .calendar td.blank {
      border: none;
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
  protected readonly states: readonly CompletenessState[] = ['complete', 'preliminary', 'partial', 'missing'];
  protected readonly mark = MARK;

  protected readonly completeness = rxResource({
    params: () => ({ communityId: this.communityId(), month: this.month() }),
    stream: ({ params }) => this.api.completeness(params.communityId, params.month),
  });

  protected readonly cells = computed<DayCell[]>(() => {
    const worst = new Map<string, CompletenessState>();
    for (const point of (this.completeness.hasValue() ? this.completeness.value() : undefined)?.points ??
      []) {
      for (const { date, status } of point.days) {
        const known = worst.get(date);
        if (known === undefined || RANK[status] < RANK[known]) worst.set(date, status);
      }
    }
    return monthRange(this.month()).days.map((date) => ({
      date,
      day: parseLocalDate(date).day,
      state: worst.get(date) ?? 'missing',
    }));
  });
  protected readonly completeDays = computed(() => this.cells().filter((c) => c.state === 'complete').length);

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

  protected pick(value: string): void {
    if (value) this.month.set(value);
  }
}
