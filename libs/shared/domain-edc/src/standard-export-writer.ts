import { localDateToCzech, pragueDayIntervals } from '@sdilna/shared/domain-core';
import { AsciiLineBuffer } from './ascii-line-buffer';
import { inColumnName, outColumnName, type EdcPoint } from './edc-point';
import type { EdcDayBlock } from './standard-day-block';

/**
 * `edc`: what EDC itself writes (trailing zeros dropped, at least one decimal: "0,0", "1,28", "-0,1");
 * `fixed-2`: always two decimals ("0,00"), the CLI contract's output. Both parse back to the same values.
 */
export type EdcNumberStyle = 'edc' | 'fixed-2';

export interface EdcWriteOptions {
  readonly numberStyle?: EdcNumberStyle;
  readonly lineEnding?: '\n' | '\r\n';
}

export function standardHeaderLine(points: readonly EdcPoint[]): string {
  const columns = points.flatMap((point) => [inColumnName(point), outColumnName(point)]);
  return ['Datum', 'Cas od', 'Cas do', ...columns].join(';');
}

/**
 * Writes a standard export as text chunks (the header, then one chunk per day), in the EDC layout: header
 * without and rows with a trailing `;`, wall-clock times from the Prague calendar, empty cells where absent.
 */
export async function* writeEdcStandardExport(
  points: readonly EdcPoint[],
  days: AsyncIterable<EdcDayBlock> | Iterable<EdcDayBlock>,
  options: EdcWriteOptions = {},
): AsyncGenerator<string> {
  const minDecimals = options.numberStyle === 'fixed-2' ? 2 : 1;
  const eol = options.lineEnding ?? '\n';
  yield standardHeaderLine(points) + eol;
  const n = points.length;
  const buffer = new AsciiLineBuffer();
  for await (const day of days) {
    if (day.pointCount !== n)
      throw new RangeError(`day ${day.date} has ${day.pointCount} points, the header ${n}`);
    const calendar = pragueDayIntervals(day.date);
    if (calendar.length !== day.intervalCount) {
      throw new RangeError(
        `day ${day.date} has ${day.intervalCount} intervals, the Prague calendar ${calendar.length}`,
      );
    }
    const czechDate = localDateToCzech(day.date);
    const count = day.intervalCount;
    for (let i = 0; i < count; i++) {
      const interval = calendar[i] as (typeof calendar)[number];
      buffer.text(`${czechDate};${interval.from};${interval.to};`);
      for (let p = 0; p < n; p++) {
        const at = p * count + i;
        if (day.inPresent[at] === 1) buffer.kwh(day.inValues[at] as number, minDecimals);
        buffer.byte(SEMICOLON);
        if (day.outPresent[at] === 1) buffer.kwh(day.outValues[at] as number, minDecimals);
        buffer.byte(SEMICOLON);
      }
      buffer.text(eol);
    }
    yield buffer.take();
  }
}

const SEMICOLON = 59;
