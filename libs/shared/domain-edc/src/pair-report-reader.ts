import { describeEanProblem, eanProblem, type LocalDate } from '@sdilna/shared/domain-core';
import type { EdcRawDayBlock } from './edc-day-block';
import type { EdcIssue } from './edc-issue';
import { checkLeadingHeaderCells, valueHeaderCells, type HeaderIssueSink } from './edc-table-layout';
import { EdcTableParser, type EdcParseOptions } from './edc-table-parser';

export interface EdcPair {
  readonly producer: string;
  readonly consumer: string;
}

/** One day of a pair report: shared kWh (0.01 kWh) per pair, column-major (pair q, interval i at q·count + i). */
export interface EdcPairDayBlock {
  readonly date: LocalDate;
  readonly intervalCount: number;
  readonly startUtcMs: Float64Array;
  readonly lineOfInterval: Int32Array;
  readonly pairCount: number;
  readonly shared: Int32Array;
  readonly present: Uint8Array;
}

export interface EdcPairReport {
  readonly file: string;
  readonly pairs: readonly EdcPair[];
  days(): AsyncGenerator<EdcPairDayBlock>;
  readonly issues: readonly EdcIssue[];
}

const PAIR_PATTERN = /^(\d+)-(\d+)$/;

function interpretPairHeader(
  cells: string[],
  report: HeaderIssueSink,
): { pairs: EdcPair[]; slotOfField: Int32Array; names: string[] } {
  checkLeadingHeaderCells(cells, report);
  const names = valueHeaderCells(cells).map((cell) => cell.replace(/\s+/g, ''));
  const pairs: EdcPair[] = [];
  const seen = new Map<string, number>();
  const slotOfField = new Int32Array(names.length).fill(-1);
  names.forEach((name, k) => {
    const column = k + 4;
    const match = PAIR_PATTERN.exec(name);
    if (!match) {
      report({
        column,
        code: 'PAIR_COLUMN',
        params: { found: name },
        message: `expected a pair column <EANd>-<EANo>, found "${name}"`,
      });
      return;
    }
    const producer = match[1] as string;
    const consumer = match[2] as string;
    for (const ean of [producer, consumer]) {
      const problem = eanProblem(ean);
      if (problem) {
        report({
          column,
          code: 'HEADER_EAN',
          params: { found: name, ean, problem },
          message: `column "${name}": ${describeEanProblem(ean, problem)}`,
        });
        return;
      }
    }
    const first = seen.get(name);
    if (first !== undefined) {
      report({
        column,
        code: 'PAIR_DUPLICATE',
        params: { found: name, first },
        message: `pair column "${name}" appears twice (first in column ${first})`,
      });
      return;
    }
    seen.set(name, column);
    slotOfField[k] = pairs.length;
    pairs.push({ producer, consumer });
  });
  return { pairs, slotOfField, names };
}

/** Opens an EDC pair report (`Datum;Cas od;Cas do;<EANd>-<EANo>;…`, shared kWh per pair). */
export async function openEdcPairReport(
  source: AsyncIterable<Uint8Array>,
  options: EdcParseOptions = {},
): Promise<EdcPairReport> {
  let pairs: EdcPair[] = [];
  let fieldOfPair: number[] = [];
  let names: string[] = [];
  const parser = new EdcTableParser(options, (cells, report) => {
    const header = interpretPairHeader(cells, report);
    pairs = header.pairs;
    names = header.names;
    fieldOfPair = [];
    header.slotOfField.forEach((slot, k) => {
      if (slot >= 0) fieldOfPair[slot] = k;
    });
    return {
      valueFieldCount: header.names.length,
      slotCount: header.pairs.length,
      slotOfField: header.slotOfField,
      fieldNames: header.names,
    };
  });
  const iterator = source[Symbol.asyncIterator]();
  const pending: EdcRawDayBlock[] = [];
  let exhausted = false;
  while (parser.headerText === undefined) {
    const next = await iterator.next();
    if (next.done) {
      pending.push(...parser.end());
      exhausted = true;
      break;
    }
    pending.push(...parser.push(next.value));
  }
  const toDay = (raw: EdcRawDayBlock): EdcPairDayBlock => {
    for (let q = 0; q < raw.slotCount; q++) {
      for (let i = 0; i < raw.intervalCount; i++) {
        const at = q * raw.intervalCount + i;
        if (raw.present[at] === 1 && (raw.values[at] as number) < 0) {
          const field = fieldOfPair[q] ?? -1;
          parser.report(
            'error',
            raw.lineOfInterval[i] as number,
            field + 4,
            `shared energy ${(raw.values[at] as number) / 100} kWh of pair ${names[field] ?? q + 1} is negative; expected ≥ 0`,
            'PAIR_NEGATIVE',
            { pair: names[field] ?? String(q + 1), kwh: (raw.values[at] as number) / 100 },
          );
        }
      }
    }
    return {
      date: raw.date,
      intervalCount: raw.intervalCount,
      startUtcMs: raw.startUtcMs,
      lineOfInterval: raw.lineOfInterval,
      pairCount: raw.slotCount,
      shared: raw.values,
      present: raw.present,
    };
  };
  async function* days(): AsyncGenerator<EdcPairDayBlock> {
    for (const raw of pending.splice(0)) yield toDay(raw);
    if (exhausted) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      for (const raw of parser.push(next.value)) yield toDay(raw);
    }
    for (const raw of parser.end()) yield toDay(raw);
  }
  return { file: parser.file, pairs, days, issues: parser.issues };
}
