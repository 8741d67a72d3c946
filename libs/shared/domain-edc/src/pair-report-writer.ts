import {
  localDateToCzech,
  pragueDay,
  pragueDayIntervals,
  INTERVAL_MS,
  type LocalDate,
} from '@sdilna/shared/domain-core';

import { AsciiLineBuffer } from './ascii-line-buffer';
import type { EdcPair, EdcPairDayBlock } from './pair-report-reader';
import type { EdcWriteOptions } from './standard-export-writer';

/** An empty pair-report day (every cell absent), for generators that fill the values themselves. */
export function createEdcPairDayBlock(date: LocalDate, pairCount: number): EdcPairDayBlock {
  const day = pragueDay(date);
  const intervalCount = day.intervalCount;
  const startUtcMs = new Float64Array(intervalCount);
  for (let i = 0; i < intervalCount; i++) startUtcMs[i] = day.startUtcMs + i * INTERVAL_MS;
  return {
    date,
    intervalCount,
    startUtcMs,
    lineOfInterval: new Int32Array(intervalCount),
    pairCount,
    shared: new Int32Array(pairCount * intervalCount),
    present: new Uint8Array(pairCount * intervalCount),
  };
}

export function pairHeaderLine(pairs: readonly EdcPair[]): string {
  return ['Datum', 'Cas od', 'Cas do', ...pairs.map((pair) => `${pair.producer}-${pair.consumer}`)].join(';');
}

/**
 * Writes a pair report as text chunks (the header, then one chunk per day) in the layout of the standard export:
 * header without and rows with a trailing `;`, Prague wall-clock times, empty cells where absent.
 */
export async function* writeEdcPairReport(
  pairs: readonly EdcPair[],
  days: AsyncIterable<EdcPairDayBlock> | Iterable<EdcPairDayBlock>,
  options: EdcWriteOptions = {},
): AsyncGenerator<string> {
  const minDecimals = options.numberStyle === 'fixed-2' ? 2 : 1;
  const eol = options.lineEnding ?? '\n';
  yield pairHeaderLine(pairs) + eol;
  const buffer = new AsciiLineBuffer();
  for await (const day of days) {
    if (day.pairCount !== pairs.length)
      throw new RangeError(`day ${day.date} has ${day.pairCount} pairs, the header ${pairs.length}`);
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
      for (let q = 0; q < pairs.length; q++) {
        const at = q * count + i;
        if (day.present[at] === 1) buffer.kwh(day.shared[at] as number, minDecimals);
        buffer.byte(SEMICOLON);
      }
      buffer.text(eol);
    }
    yield buffer.take();
  }
}

const SEMICOLON = 59;
