import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import {
  allocateEdcDay,
  edcDayWithComputedOut,
  parseKeyFile,
  planEdcAllocation,
  type KeyFile,
} from '@sdilna/shared/domain-allocation';
import { daysInRange, eanWithCheckDigit, formatKwhEdc, parseKwhText } from '@sdilna/shared/domain-core';
import {
  bytesFromText,
  createEdcDayBlock,
  openEdcStandardExport,
  writeEdcStandardExport,
  type EdcDayBlock,
  type EdcPoint,
} from '@sdilna/shared/domain-edc';

import { uniqueEan } from './factories';

export const FIXTURE_DIR = resolve(__dirname, '../fixtures/edc');
export const FIXTURE_CSV = resolve(FIXTURE_DIR, 'group-a-2026-04.csv');
export const FIXTURE_KEY = resolve(FIXTURE_DIR, 'group-a-key.json');

/** An EDC export and its key with every EAN replaced by a fresh one (EANs are unique across communities). */
export interface EdcFile {
  readonly csv: string;
  readonly key: KeyFile;
  readonly points: readonly EdcPoint[];
}

export async function freshFixture(): Promise<EdcFile> {
  const csv = await readFile(FIXTURE_CSV, 'utf8');
  // The file keeps EDC's bytes ("rounds": 5); a registered key states no rounds, EDC derives them from the group.
  const { rounds: _stated, ...key } = JSON.parse(await readFile(FIXTURE_KEY, 'utf8')) as KeyFile;
  return remapEans(csv, key);
}

export async function remapEans(csv: string, key: KeyFile): Promise<EdcFile> {
  const header = csv.slice(0, csv.indexOf('\n'));
  const mapping = new Map<string, string>();
  for (const match of header.matchAll(/(IN|OUT)-(\d{18})-/g)) {
    const ean = match[2] as string;
    if (!mapping.has(ean)) mapping.set(ean, uniqueEan());
  }
  const newHeader = header.replace(/-(\d{18})-/g, (_all, ean: string) => `-${mapping.get(ean) ?? ean}-`);
  const newCsv = newHeader + csv.slice(header.length);
  const newKey: KeyFile = {
    ...key,
    allocations: key.allocations.map((allocation) => ({
      ...allocation,
      producer: mapping.get(allocation.producer) ?? allocation.producer,
      consumer: mapping.get(allocation.consumer) ?? allocation.consumer,
    })),
  };
  return { csv: newCsv, key: newKey, points: (await openEdcStandardExport(bytesFromText(newCsv))).points };
}

/** Per EAN and day: measured and EDC-shared totals (0.01 kWh, positive), read from a file with the domain reader. */
export async function dayTotalsOf(
  csv: string,
): Promise<Map<string, Map<string, { measured: number; shared: number }>>> {
  const reader = await openEdcStandardExport(bytesFromText(csv), { outChecks: 'warning' });
  const totals = new Map<string, Map<string, { measured: number; shared: number }>>();
  for await (const day of reader.days()) {
    reader.points.forEach((point, p) => {
      const sign = point.role === 'production' ? 1 : -1;
      let measured = 0;
      let shared = 0;
      for (let i = 0; i < day.intervalCount; i++) {
        const at = p * day.intervalCount + i;
        if (day.inPresent[at] !== 1) continue;
        measured += sign * (day.inValues[at] as number);
        if (day.outPresent[at] === 1)
          shared += sign * ((day.inValues[at] as number) - (day.outValues[at] as number));
      }
      const byDay = totals.get(point.ean) ?? new Map();
      byDay.set(day.date, { measured, shared });
      totals.set(point.ean, byDay);
    });
  }
  return totals;
}

/** Deterministic pseudo-random integers (mulberry32), so generated files are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedGroup {
  readonly points: readonly EdcPoint[];
  readonly key: KeyFile;
}

/**
 * A group of producers and consumers with fresh EANs and an even key (Σ ≤ 100 % per producer): static-iterative
 * up to 50 points (register it with `registerKeyVersion`, which records the request for iteration), else static.
 */
export function generatedGroup(
  producers: number,
  consumers: number,
  eanOf: () => string = uniqueEan,
): GeneratedGroup {
  const points: EdcPoint[] = [
    ...Array.from({ length: producers }, () => ({ ean: eanOf(), role: 'production' as const })),
    ...Array.from({ length: consumers }, () => ({ ean: eanOf(), role: 'consumption' as const })),
  ];
  const percent = Math.floor(10_000 / consumers) / 100;
  // EDC iterates only in groups of up to 50 points (domain-core sharingRounds); a larger group asks for none.
  const large = producers + consumers > 50;
  const key: KeyFile = {
    method: large ? 'static' : 'static-iterative',
    allocations: points
      .filter((point) => point.role === 'consumption')
      .map((consumer, index) => ({
        producer: (points[index % producers] as EdcPoint).ean,
        consumer: consumer.ean,
        percent: Math.min(100, percent * producers),
        priority: 1,
      })),
  };
  return { points, key };
}

/**
 * An EDC standard export of [from, to] for a group: PV-like export by hour, random household import, OUT
 * computed with the group's key by the engine (as EDC does), so the file passes every import check.
 */
export async function* generatedExport(
  group: GeneratedGroup,
  from: string,
  to: string,
  seed = 7,
): AsyncGenerator<string> {
  const next = random(seed);
  const plan = planEdcAllocation(parseKeyFile(group.key), group.points, 'energy-community');
  function* days(): Generator<EdcDayBlock> {
    for (const date of daysInRange(from, to)) {
      const day = createEdcDayBlock(date, group.points.length);
      const count = day.intervalCount;
      group.points.forEach((point, p) => {
        for (let i = 0; i < count; i++) {
          const at = p * count + i;
          const hour = (i * 24) / count;
          const value =
            point.role === 'production'
              ? Math.max(0, Math.round(Math.sin(((hour - 6) / 14) * Math.PI) * 400 * next()))
              : -Math.round(20 + 60 * next());
          day.inValues[at] = value;
          day.inPresent[at] = 1;
        }
      });
      yield edcDayWithComputedOut(plan, day, allocateEdcDay(plan, day).result);
    }
  }
  yield* writeEdcStandardExport(group.points, days());
}

export async function textOf(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

/** A deterministic EAN series for benchmarks (no randomness, no collisions within one run). */
export function sequentialEans(prefix: string): () => string {
  let n = 0;
  return () => eanWithCheckDigit(`8591824${prefix}${String(n++).padStart(10 - prefix.length, '0')}`);
}

/**
 * Moves one point's IN and OUT of one data line by the same amount (0.01 kWh): EDC's sharing there is unchanged
 * and the file stays valid, but the measured value differs (a "revised" file). `line` is 1-based (header = 1).
 */
export function shiftPoint(csv: string, line: number, point: number, delta: number): string {
  const lines = csv.split('\n');
  const cells = (lines[line - 1] as string).split(';');
  for (const field of [3 + 2 * point, 4 + 2 * point]) {
    cells[field] = formatKwhEdc(parseKwhText(cells[field] as string) + delta);
  }
  lines[line - 1] = cells.join(';');
  return lines.join('\n');
}

/** The file without one line (1-based): a skipped interval. */
export function withoutLine(csv: string, line: number): string {
  const lines = csv.split('\n');
  lines.splice(line - 1, 1);
  return lines.join('\n');
}

/** The header with one cell rewritten. */
export function withHeader(csv: string, change: (cells: string[]) => string[]): string {
  const end = csv.indexOf('\n');
  return change(csv.slice(0, end).split(';')).join(';') + csv.slice(end);
}
