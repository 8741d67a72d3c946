import { eanWithCheckDigit, type LocalDate } from '@sdilna/shared/domain-core';
import type { EdcPoint } from './edc-point';
import { createEdcDayBlock, type EdcDayBlock } from './standard-day-block';
import { writeEdcStandardExport, type EdcNumberStyle } from './standard-export-writer';

export const producer: EdcPoint = { ean: eanWithCheckDigit('85918240010000001'), role: 'production' };
export const consumerA: EdcPoint = { ean: eanWithCheckDigit('85918240020000001'), role: 'consumption' };
export const consumerB: EdcPoint = { ean: eanWithCheckDigit('85918240020000002'), role: 'consumption' };
export const testPoints: readonly EdcPoint[] = [producer, consumerA, consumerB];

/**
 * A balanced day: the producer exports 1.00 + i·0.01 kWh and keeps 0.40; each consumer imports 0.50 and gets
 * half of what was shared.
 */
export function balancedDay(date: LocalDate): EdcDayBlock {
  const day = createEdcDayBlock(date, 3);
  const n = day.intervalCount;
  for (let i = 0; i < n; i++) {
    const exported = 100 + i;
    const shared = exported - 40;
    const half = shared / 2;
    setCell(day, 0, i, exported, 40);
    setCell(day, 1, i, -500, -500 + Math.floor(half));
    setCell(day, 2, i, -500, -500 + Math.ceil(half));
  }
  return day;
}

export function setCell(
  day: EdcDayBlock,
  point: number,
  interval: number,
  measured: number,
  after: number,
): void {
  const at = point * day.intervalCount + interval;
  day.inValues[at] = measured;
  day.outValues[at] = after;
  day.inPresent[at] = 1;
  day.outPresent[at] = 1;
}

export async function csvOf(
  days: readonly EdcDayBlock[],
  numberStyle: EdcNumberStyle = 'edc',
): Promise<string> {
  let text = '';
  for await (const chunk of writeEdcStandardExport(testPoints, days, { numberStyle })) text += chunk;
  return text;
}

/** Lines of a text, to be mutated by a test and joined back. */
export function linesOf(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}
