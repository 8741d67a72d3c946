import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  ReadingsStore,
  RegistryReader,
  runPoints,
  SERIES,
  SharingRunsStore,
  type PackedDay,
  type RegisteredPoint,
  type SharingRun,
} from '@sdilna/api/data-access-readings';
import { allocate, type AllocationResult } from '@sdilna/shared/domain-allocation';
import { daysInRange } from '@sdilna/shared/domain-core';

import {
  CompiledKeyCache,
  dayChunks,
  groupDay,
  keyVersionOn,
  type DayRows,
  type GroupDay,
} from './group-day';

const CHUNK_DAYS = 14;

/** One day of a group with what the registered key shared on it (the recompute's stored run, or the engine). */
export interface RegisteredDay {
  readonly layout: GroupDay;
  /** the registered key version's result; all zero where no version is valid that day */
  readonly result: AllocationResult;
  /** EDC's rounds for the group that day */
  readonly rounds: number;
  /** the registered version valid that day */
  readonly keyVersionId: string | undefined;
}

/**
 * Walks the days of [from, to] with measured data of one sharing group: each day laid out for the engine, with
 * the registered key's sharing. The sharing is the sharing read model (the recompute's stored engine run) where
 * that run is of the day's key version, rounds and points; a day not recomputed since runs the registered key
 * here, by the same engine. Missed sharing and the key advice read the group through this one path.
 */
export async function forEachRegisteredDay(
  tx: TenantTransaction,
  sharingGroupId: string,
  groupPoints: readonly RegisteredPoint[],
  from: string,
  to: string,
  visit: (day: RegisteredDay) => void,
): Promise<void> {
  const reader = tx.store(RegistryReader);
  const versions = await reader.keyVersions(from, to);
  const groupRounds = await reader.groupRounds();
  const cache = new CompiledKeyCache();
  const stored = new Map(
    (await tx.store(SharingRunsStore).runs(from, to, [sharingGroupId])).map((run) => [run.day, run]),
  );
  for await (const { chunk, byDay, computed } of measuredChunks(
    tx,
    groupPoints,
    daysInRange(from, to),
    CHUNK_DAYS,
  )) {
    for (const day of chunk) {
      const rows = byDay.get(day);
      if (rows === undefined) continue;
      const layout = groupDay(day, groupPoints, rows);
      const version = keyVersionOn(versions, sharingGroupId, day);
      const rounds = groupRounds.on(sharingGroupId, day, layout.producers.length, layout.consumers.length);
      const run = stored.get(day);
      const result =
        version !== undefined && isRunOf(run, version.id, rounds, layout)
          ? storedResult(layout, run.missed, computed).result
          : allocate(cache.get(version, layout, rounds), layout.input);
      visit({ layout, result, rounds, keyVersionId: version?.id });
    }
  }
}

/** Stored engine results (`computed shared`) by day, then by point id. */
export type ComputedByDay = Map<string, Map<string, PackedDay>>;

/** One chunk of days with its measured rows by day and the stored engine results of its points. */
export interface MeasuredChunk {
  readonly chunk: readonly string[];
  readonly byDay: Map<string, DayRows>;
  readonly computed: ComputedByDay;
}

/** Measured rows by day and the stored engine results (`computed shared`) of the points over `chunk`. */
export async function loadMeasured(
  tx: TenantTransaction,
  points: readonly RegisteredPoint[],
  chunk: readonly string[],
): Promise<{ byDay: Map<string, DayRows>; computed: ComputedByDay }> {
  const byDay = new Map<string, DayRows>();
  const computed: ComputedByDay = new Map();
  const first = chunk[0];
  const last = chunk[chunk.length - 1];
  if (first === undefined || last === undefined) return { byDay, computed };
  const rows = await tx.store(ReadingsStore).load({
    from: first,
    to: last,
    series: [SERIES.measured, SERIES.computedShared],
    pointIds: points.map((point) => point.id),
  });
  for (const row of rows) {
    if (row.series === SERIES.computedShared) {
      let day = computed.get(row.day);
      if (day === undefined) computed.set(row.day, (day = new Map()));
      day.set(row.pointId, row.data);
      continue;
    }
    let day = byDay.get(row.day);
    if (day === undefined) byDay.set(row.day, (day = new Map()));
    day.set(row.pointId, { measured: row.data });
  }
  return { byDay, computed };
}

/**
 * The days in chunks of `size`, each with `loadMeasured`'s rows, reading one chunk ahead: the next chunk's query
 * runs in Postgres (on the transaction's connection, queued behind nothing) while the caller computes the
 * current one. At most two chunks are in memory.
 */
export async function* measuredChunks(
  tx: TenantTransaction,
  points: readonly RegisteredPoint[],
  days: readonly string[],
  size: number,
): AsyncGenerator<MeasuredChunk> {
  const chunks = dayChunks(days, size);
  const read = (chunk: readonly string[]) => {
    const loading = loadMeasured(tx, points, chunk);
    // Awaited below; until then a failure must not count as unhandled (the caller may stop early).
    loading.catch(() => undefined);
    return loading;
  };
  let next = chunks[0] !== undefined ? read(chunks[0]) : undefined;
  for (let index = 0; index < chunks.length; index++) {
    const loaded = await (next as ReturnType<typeof read>);
    const following = chunks[index + 1];
    next = following !== undefined ? read(following) : undefined;
    yield { chunk: chunks[index] as string[], ...loaded };
  }
}

/** Whether the stored run of a day ran the registered key version over the day's points with the day's rounds. */
export function isRunOf(
  run: SharingRun | undefined,
  keyVersionId: string,
  rounds: number,
  layout: GroupDay,
): run is SharingRun {
  return (
    run !== undefined &&
    run.keyVersionId === keyVersionId &&
    run.rounds === rounds &&
    run.points === runPoints(layout.producers, layout.consumers)
  );
}

/** The stored run of a day in the engine's result layout (the computed series; 0 where nothing was measured). */
export function storedResult(
  layout: GroupDay,
  missed: number,
  computed: ComputedByDay,
): { result: AllocationResult; missed: number } {
  const count = layout.intervalCount;
  const ofDay = computed.get(layout.day);
  const column = (list: readonly RegisteredPoint[]) => {
    const values = new Int32Array(list.length * count);
    if (ofDay === undefined) return values;
    for (let c = 0; c < list.length; c++) {
      const data = ofDay.get((list[c] as RegisteredPoint).id);
      // An empty cell is 0 in `values` (PackedDay).
      if (data !== undefined && data.values.length === count) values.set(data.values, c * count);
    }
    return values;
  };
  return {
    result: {
      intervalCount: count,
      producerShared: column(layout.producers),
      consumerShared: column(layout.consumers),
      pairShared: undefined,
    },
    missed,
  };
}
