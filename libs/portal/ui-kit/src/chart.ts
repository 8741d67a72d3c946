import { formatNumber } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, LOCALE_ID } from '@angular/core';

export interface ChartSeries {
  readonly name: string;
  readonly values: readonly number[];
}

const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 56;
const RIGHT = 8;
const TOP = 16;
const BOTTOM = 28;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;
const MAX_X_LABELS = 12;

/** Series look different without colour too: solid, hatched and outlined bars; solid, dashed and dotted lines. */
const STYLES = [
  { fill: 'var(--sd-green)', dash: '', stroke: 'var(--sd-green-dark)' },
  { fill: 'url(#sd-hatch)', dash: '6 4', stroke: '#b35c00' },
  { fill: 'none', dash: '2 3', stroke: '#57606a' },
] as const;

/**
 * A small accessible SVG chart (bars or lines). The figure has a caption, the SVG a text summary, each bar a
 * tooltip, and the full data sit in a table under "Data in a table", so nothing depends on seeing colours.
 */
@Component({
  selector: 'sd-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart">
      <figcaption [id]="captionId()">{{ caption() }}</figcaption>
      <ul class="legend" aria-hidden="true">
        @for (s of series(); track s.name; let i = $index) {
          <li>
            <svg width="18" height="12" viewBox="0 0 18 12">
              @if (kind() === 'bar') {
                <rect
                  x="1"
                  y="1"
                  width="16"
                  height="10"
                  [attr.fill]="style(i).fill"
                  stroke="var(--sd-green-dark)"
                />
              } @else {
                <line
                  x1="0"
                  y1="6"
                  x2="18"
                  y2="6"
                  [attr.stroke]="style(i).stroke"
                  stroke-width="3"
                  [attr.stroke-dasharray]="style(i).dash"
                />
              }
            </svg>
            {{ s.name }}
          </li>
        }
      </ul>
      <svg
        [attr.viewBox]="viewBox"
        role="img"
        [attr.aria-labelledby]="captionId()"
        [attr.aria-describedby]="captionId() + '-summary'"
        preserveAspectRatio="xMidYMid meet"
      >
        <desc [id]="captionId() + '-summary'">{{ summary() }}</desc>
        <defs>
          <pattern
            id="sd-hatch"
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" fill="var(--sd-sun)" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="var(--sd-green-dark)" stroke-width="2" />
          </pattern>
        </defs>
        @for (tick of ticks(); track tick.y) {
          <line
            [attr.x1]="left"
            [attr.x2]="width - right"
            [attr.y1]="tick.y"
            [attr.y2]="tick.y"
            class="grid"
          />
          <text [attr.x]="left - 4" [attr.y]="tick.y + 4" text-anchor="end" class="axis">
            {{ tick.label }}
          </text>
        }
        @if (kind() === 'bar') {
          @for (bar of bars(); track $index) {
            <rect
              [attr.x]="bar.x"
              [attr.y]="bar.y"
              [attr.width]="bar.w"
              [attr.height]="bar.h"
              [attr.fill]="bar.fill"
              stroke="var(--sd-green-dark)"
              stroke-width="1"
            >
              <title>{{ bar.title }}</title>
            </rect>
            @if (bar.text) {
              <text [attr.x]="bar.x + bar.w / 2" [attr.y]="bar.y - 3" text-anchor="middle" class="value">
                {{ bar.text }}
              </text>
            }
          }
        } @else {
          @for (line of lines(); track $index) {
            <polyline
              [attr.points]="line.points"
              fill="none"
              [attr.stroke]="line.stroke"
              stroke-width="2"
              [attr.stroke-dasharray]="line.dash"
            />
          }
        }
        @for (label of xLabels(); track $index) {
          <text [attr.x]="label.x" [attr.y]="height - 8" text-anchor="middle" class="axis">
            {{ label.text }}
          </text>
        }
      </svg>
      <details>
        <summary>{{ tableLabel() }}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{{ labelHeading() }}</th>
              @for (s of series(); track s.name) {
                <th scope="col">{{ s.name }} ({{ unit() }})</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (label of labels(); track $index; let row = $index) {
              <tr>
                <th scope="row">{{ label }}</th>
                @for (s of series(); track s.name) {
                  <td>{{ format(s.values[row] ?? 0) }}</td>
                }
              </tr>
            }
          </tbody>
        </table>
      </details>
    </figure>
  `,
  styles: `
    .chart {
      margin: 0;
      background: #fff;
      border: 1px solid #d0d7de;
      border-radius: 0.5rem;
      padding: 0.75rem;
    }
    figcaption {
      font-weight: 600;
    }
    svg[role='img'] {
      width: 100%;
      height: auto;
      display: block;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      list-style: none;
      padding: 0;
      margin: 0.25rem 0;
      font-size: 0.875rem;
    }
    .grid {
      stroke: #e1e4e8;
    }
    .axis,
    .value {
      font-size: 11px;
      fill: var(--sd-muted);
    }
    .value {
      fill: var(--sd-text);
    }
    table {
      border-collapse: collapse;
      font-size: 0.875rem;
      margin-top: 0.5rem;
    }
    th,
    td {
      padding: 0.125rem 0.5rem;
      text-align: right;
      border-bottom: 1px solid #eee;
    }
  `,
})
export class Chart {
  private readonly locale = inject(LOCALE_ID);
  private static nextId = 0;

  readonly kind = input<'bar' | 'line'>('bar');
  readonly caption = input.required<string>();
  readonly labels = input.required<readonly string[]>();
  readonly series = input.required<readonly ChartSeries[]>();
  readonly unit = input('kWh');
  readonly tableLabel = input('Data v tabulce');
  readonly labelHeading = input('');
  protected readonly captionId = computed(() => `sd-chart-${this.id}`);
  private readonly id = Chart.nextId++;

  protected readonly viewBox = `0 0 ${WIDTH} ${HEIGHT}`;
  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly left = LEFT;
  protected readonly right = RIGHT;

  private readonly max = computed(() => {
    const all = this.series().flatMap((s) => s.values);
    const top = Math.max(0, ...all);
    return top === 0 ? 1 : niceCeiling(top);
  });

  protected readonly ticks = computed(() => {
    const max = this.max();
    return [0, 0.25, 0.5, 0.75, 1].map((f) => ({
      y: TOP + PLOT_H - f * PLOT_H,
      label: this.format(max * f),
    }));
  });

  protected readonly bars = computed(() => {
    const labels = this.labels();
    const series = this.series();
    const slot = PLOT_W / Math.max(1, labels.length);
    const barW = Math.max(1, (slot * 0.8) / Math.max(1, series.length));
    const showValues = labels.length * series.length <= 14;
    return series.flatMap((s, si) =>
      labels.map((label, i) => {
        const value = s.values[i] ?? 0;
        const h = (Math.max(0, value) / this.max()) * PLOT_H;
        return {
          x: LEFT + i * slot + slot * 0.1 + si * barW,
          y: TOP + PLOT_H - h,
          w: barW,
          h,
          fill: this.style(si).fill === 'none' ? '#fff' : this.style(si).fill,
          title: `${label}: ${s.name} ${this.format(value)} ${this.unit()}`,
          text: showValues ? this.format(value) : '',
        };
      }),
    );
  });

  protected readonly lines = computed(() => {
    const count = this.labels().length;
    const step = PLOT_W / Math.max(1, count - 1);
    return this.series().map((s, si) => ({
      dash: this.style(si).dash,
      stroke: this.style(si).stroke,
      points: s.values
        .map(
          (v, i) =>
            `${(LEFT + i * step).toFixed(1)},${(TOP + PLOT_H - (Math.max(0, v) / this.max()) * PLOT_H).toFixed(1)}`,
        )
        .join(' '),
    }));
  });

  protected readonly xLabels = computed(() => {
    const labels = this.labels();
    const every = Math.max(1, Math.ceil(labels.length / MAX_X_LABELS));
    const bar = this.kind() === 'bar';
    const slot = bar ? PLOT_W / Math.max(1, labels.length) : PLOT_W / Math.max(1, labels.length - 1);
    return labels
      .map((text, i) => ({ text, x: LEFT + i * slot + (bar ? slot / 2 : 0), i }))
      .filter((l) => l.i % every === 0);
  });

  protected readonly summary = computed(() =>
    this.series()
      .map((s) => {
        const total = s.values.reduce((a, b) => a + b, 0);
        return `${s.name}: ${this.format(total)} ${this.unit()}`;
      })
      .join('; '),
  );

  protected style(index: number): (typeof STYLES)[number] {
    return STYLES[index % STYLES.length] ?? STYLES[0];
  }

  protected format(value: number): string {
    return formatNumber(value, this.locale, '1.0-2');
  }
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 8, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}
