import type { PackedDay, RegisteredKeyVersion, RegisteredPoint } from '@sdilna/api/data-access-readings';
import { isValidOn } from '@sdilna/api/data-access-readings';
import {
  compileKey,
  type AllocationInput,
  type AllocationKey,
  type CompiledKey,
} from '@sdilna/shared/domain-allocation';
import { intervalsInDay } from '@sdilna/shared/domain-core';

/** Stored rows of one point and day. */
export interface PointDayRows {
  measured?: PackedDay;
  shared?: PackedDay;
}

/** Stored rows of one day, by point id. */
export type DayRows = Map<string, PointDayRows>;

/**
 * One sharing group on one Prague day, laid out for the engine: the points valid that day, producers and
 * consumers each ordered by EAN, and the measured values as engine input (an absent value is 0: nothing to share).
 */
export interface GroupDay {
  readonly day: string;
  readonly intervalCount: number;
  readonly producers: readonly RegisteredPoint[];
  readonly consumers: readonly RegisteredPoint[];
  readonly input: AllocationInput;
  /** the same points' rows (measured, EDC shared), in engine column order */
  readonly producerRows: readonly PointDayRows[];
  readonly consumerRows: readonly PointDayRows[];
}

const NO_KEY: AllocationKey = { method: 'static', allocations: [] };

/** The points of a list ordered by EAN, sorted once per list (a period's walk lays out every day of one list). */
const byEan = new WeakMap<readonly RegisteredPoint[], readonly RegisteredPoint[]>();

function sortedByEan(points: readonly RegisteredPoint[]): readonly RegisteredPoint[] {
  let sorted = byEan.get(points);
  if (sorted === undefined) {
    // stable: points of one EAN keep their order, as when the day's valid points were sorted
    sorted = [...points].sort((a, b) => (a.ean < b.ean ? -1 : a.ean > b.ean ? 1 : 0));
    byEan.set(points, sorted);
  }
  return sorted;
}

export function groupDay(day: string, points: readonly RegisteredPoint[], rows: DayRows): GroupDay {
  const count = intervalsInDay(day);
  const valid = sortedByEan(points).filter((point) => isValidOn(point, day));
  const producers = valid.filter((point) => point.role === 'production');
  const consumers = valid.filter((point) => point.role === 'consumption');
  const production = new Int32Array(producers.length * count);
  const demand = new Int32Array(consumers.length * count);
  const fill = (list: readonly RegisteredPoint[], target: Int32Array) =>
    list.map((point, column) => {
      const row: PointDayRows = rows.get(point.id) ?? {};
      const measured = row.measured;
      // An empty cell is 0 in `values` (PackedDay), which is also the engine's "nothing to share".
      if (measured !== undefined && measured.values.length === count)
        target.set(measured.values, column * count);
      return row;
    });
  const producerRows = fill(producers, production);
  const consumerRows = fill(consumers, demand);
  return {
    day,
    intervalCount: count,
    producers,
    consumers,
    input: { intervalCount: count, production, demand },
    producerRows,
    consumerRows,
  };
}

/**
 * Compiles keys once per (key version, point set, rounds): the point set changes only when validity does, the
 * rounds (EDC's for the group that day, or a simulation's what-if) only with it or the group's request.
 */
export class CompiledKeyCache {
  private readonly cache = new Map<string, CompiledKey>();

  get(version: { id: string; key: AllocationKey } | undefined, day: GroupDay, rounds: number): CompiledKey {
    const signature = `${version?.id ?? 'none'}|${rounds}|${day.producers.map((p) => p.id).join(',')}|${day.consumers.map((p) => p.id).join(',')}`;
    let compiled = this.cache.get(signature);
    if (compiled === undefined) {
      compiled = compileKey(version?.key ?? NO_KEY, rounds, {
        producers: day.producers.map((point) => point.ean),
        consumers: day.consumers.map((point) => point.ean),
      });
      this.cache.set(signature, compiled);
    }
    return compiled;
  }
}

export function keyVersionOn(
  versions: readonly RegisteredKeyVersion[],
  sharingGroupId: string,
  day: string,
): RegisteredKeyVersion | undefined {
  return versions.find((version) => version.sharingGroupId === sharingGroupId && isValidOn(version, day));
}

/** Consecutive chunks of at most `size` days of [from, to], so a long period never sits in memory at once. */
export function dayChunks(days: readonly string[], size: number): string[][] {
  const chunks: string[][] = [];
  for (let start = 0; start < days.length; start += size) chunks.push(days.slice(start, start + size));
  return chunks;
}
