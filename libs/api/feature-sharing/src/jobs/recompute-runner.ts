import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { StaleMonthsStore } from '@sdilna/api/data-access-registry';
import {
  emptyPackedDay,
  PairReadingsStore,
  ReadingsStore,
  RegistryReader,
  runPoints,
  SERIES,
  SharingRunsStore,
  type DiscrepancyRow,
  type EnginePairRow,
  type GroupDayTotals,
  type PairDiscrepancyRow,
  type PairReadingRow,
  type ReadingRow,
  type RegisteredPoint,
  type SharingRun,
} from '@sdilna/api/data-access-readings';
import {
  allocate,
  analyseIntervals,
  type AllocationResult,
  type CompiledKey,
} from '@sdilna/shared/domain-allocation';
import { daysInRange, pragueDay, INTERVAL_MS } from '@sdilna/shared/domain-core';

import {
  CompiledKeyCache,
  dayChunks,
  groupDay,
  keyVersionOn,
  type DayRows,
  type GroupDay,
  type PointDayRows,
} from '../group-day';
import { pairDiscrepancies } from './pair-reconciliation';

export interface RecomputeSummary {
  readonly days: number;
  readonly groups: number;
  readonly discrepancies: number;
}

/** Detail rows kept per recompute; the per-day counts in sharing_group_days stay exact beyond it. */
const MAX_DISCREPANCY_ROWS = 50_000;
const CHUNK_DAYS = 7;

/**
 * Runs the allocation engine with the key version valid on each day over the stored measured values, stores the
 * computed sharing (series 3), group totals for both sources (EDC and computed, with "missed"), and every
 * interval where EDC's sharing differs from ours. One transaction, serialised with imports of the community.
 */
@Injectable()
export class RecomputeRunner {
  private readonly logger = new Logger('Recompute');

  constructor(private readonly db: TenantDatabase) {}

  async run(communityId: string, from: string, to: string): Promise<RecomputeSummary> {
    const summary = await this.db.run(communityId, (tx) => this.recompute(tx, from, to));
    this.logger.log(
      `Community ${communityId} ${from}..${to}: ${summary.days} days, ${summary.groups} groups, ${summary.discrepancies} discrepancies`,
    );
    return summary;
  }

  private async recompute(tx: TenantTransaction, from: string, to: string): Promise<RecomputeSummary> {
    await tx.store(ReadingsStore).lockCommunity();
    // Read before the registry: a change committed between the two reads keeps its mark (one more recompute),
    // never loses it.
    const drained = await tx.store(StaleMonthsStore).coveredBy(from, to);
    const points = await tx.store(RegistryReader).points();
    const keys = await tx.store(RegistryReader).keyVersions(from, to);
    const rounds = await tx.store(RegistryReader).groupRounds();
    const groups = [...new Set(points.map((point) => point.sharingGroupId))].sort();
    const days = daysInRange(from, to);
    let discrepancies = 0;
    let kept = 0;
    let pairKept = 0;
    for (const sharingGroupId of groups) {
      const groupPoints = points.filter((point) => point.sharingGroupId === sharingGroupId);
      const pointIds = groupPoints.map((point) => point.id);
      const cache = new CompiledKeyCache();
      const totals: GroupDayTotals[] = [];
      const details: DiscrepancyRow[] = [];
      const pairDetails: PairDiscrepancyRow[] = [];
      const consumerIds = groupPoints
        .filter((point) => point.role === 'consumption')
        .map((point) => point.id);
      await tx.store(ReadingsStore).deleteDays(pointIds, from, to, [SERIES.computedShared]);
      await tx.store(SharingRunsStore).deleteDays([sharingGroupId], from, to);
      for (const chunk of dayChunks(days, CHUNK_DAYS)) {
        const byDay = await this.loadChunk(tx, pointIds, chunk);
        const edcPairs = await this.loadPairChunk(tx, consumerIds, chunk);
        const computedRows: ReadingRow[] = [];
        const runRows: SharingRun[] = [];
        const pairRows: EnginePairRow[] = [];
        for (const day of chunk) {
          const rows = byDay.get(day);
          if (rows === undefined) continue;
          const layout = groupDay(day, groupPoints, rows);
          const version = keyVersionOn(keys, sharingGroupId, day);
          const dayRounds = rounds.on(sharingGroupId, day, layout.producers.length, layout.consumers.length);
          const compiled = cache.get(version, layout, dayRounds);
          const edc = edcResult(layout);
          const edcAnalytics = analyseIntervals(compiled, layout.input, edc);
          totals.push({ sharingGroupId, day, source: 'edc', ...sums(edcAnalytics), discrepancies: 0 });
          if (version === undefined) continue;
          const dayPairs = edcPairs.get(day);
          const computed = allocate(compiled, layout.input, { pairs: true });

          if (dayPairs !== undefined) {
            const found = pairDiscrepancies({
              day,
              key: compiled,
              keyId: version.id,
              result: computed,
              edc: dayPairs,
              points: new Map([...layout.producers, ...layout.consumers].map((point) => [point.id, point])),
              limit: MAX_DISCREPANCY_ROWS - pairKept,
            });
            pairKept += found.rows.length;
            pairDetails.push(...found.rows);
          }
          const computedAnalytics = analyseIntervals(compiled, layout.input, computed);
          const computedSums = sums(computedAnalytics);
          runRows.push({
            sharingGroupId,
            day,
            keyVersionId: version.id,
            rounds: dayRounds,
            points: runPoints(layout.producers, layout.consumers),
            missed: computedSums.missed,
          });
          pairRows.push(...enginePairs(sharingGroupId, layout, compiled, computed));
          let differing = 0;
          const compare = (
            list: readonly RegisteredPoint[],
            listRows: readonly PointDayRows[],
            shared: Int32Array,
          ) =>
            list.forEach((point, column) => {
              const row = listRows[column] as PointDayRows;
              if (row.measured === undefined) return;
              const out = emptyPackedDay(layout.intervalCount);
              const start = pragueDay(day).startUtcMs;
              for (let i = 0; i < layout.intervalCount; i++) {
                if (row.measured.present[i] !== 1) continue;
                const value = shared[column * layout.intervalCount + i] as number;
                out.values[i] = value;
                out.present[i] = 1;
                if (
                  row.shared !== undefined &&
                  row.shared.present[i] === 1 &&
                  row.shared.values[i] !== value
                ) {
                  differing++;
                  if (kept < MAX_DISCREPANCY_ROWS) {
                    kept++;
                    details.push({
                      pointId: point.id,
                      intervalStart: new Date(start + i * INTERVAL_MS),
                      day,
                      edcShared: row.shared.values[i] as number,
                      computedShared: value,
                      keyId: version.id,
                    });
                  }
                }
              }
              computedRows.push({ pointId: point.id, day, series: SERIES.computedShared, data: out });
            });
          compare(layout.producers, layout.producerRows, computed.producerShared);
          compare(layout.consumers, layout.consumerRows, computed.consumerShared);
          discrepancies += differing;
          totals.push({
            sharingGroupId,
            day,
            source: 'computed',
            ...computedSums,
            discrepancies: differing,
          });
        }
        await tx.store(ReadingsStore).insert(computedRows);
        await tx.store(SharingRunsStore).insert(runRows, pairRows);
      }
      await tx.store(ReadingsStore).replaceGroupDays(sharingGroupId, from, to, totals);
      await tx.store(ReadingsStore).replaceDiscrepancies(pointIds, from, to, details);
      await tx.store(PairReadingsStore).replaceDiscrepancies(consumerIds, from, to, pairDetails);
    }
    await tx.store(StaleMonthsStore).clear(drained);
    return { days: days.length, groups: groups.length, discrepancies };
  }

  /** EDC's pair report of the chunk's days, by day (only days it covers). */
  private async loadPairChunk(
    tx: TenantTransaction,
    consumerIds: readonly string[],
    chunk: readonly string[],
  ): Promise<Map<string, PairReadingRow[]>> {
    const byDay = new Map<string, PairReadingRow[]>();
    const first = chunk[0];
    const last = chunk[chunk.length - 1];
    if (first === undefined || last === undefined || consumerIds.length === 0) return byDay;
    for (const row of await tx.store(PairReadingsStore).load(first, last, consumerIds))
      byDay.set(row.day, [...(byDay.get(row.day) ?? []), row]);
    return byDay;
  }

  private async loadChunk(
    tx: TenantTransaction,
    pointIds: readonly string[],
    chunk: readonly string[],
  ): Promise<Map<string, DayRows>> {
    const byDay = new Map<string, DayRows>();
    const first = chunk[0];
    const last = chunk[chunk.length - 1];
    if (first === undefined || last === undefined) return byDay;
    const rows = await tx.store(ReadingsStore).load({
      from: first,
      to: last,
      series: [SERIES.measured, SERIES.edcShared],
      pointIds,
    });
    for (const row of rows) {
      let day = byDay.get(row.day);
      if (day === undefined) byDay.set(row.day, (day = new Map()));
      const entry = day.get(row.pointId) ?? {};
      if (row.series === SERIES.measured) entry.measured = row.data;
      else entry.shared = row.data;
      day.set(row.pointId, entry);
    }
    return byDay;
  }
}

/** Every pair of the compiled key with the engine's pair result of the day: the run's rows of the read model. */
function enginePairs(
  sharingGroupId: string,
  layout: GroupDay,
  key: CompiledKey,
  result: AllocationResult,
): EnginePairRow[] {
  const count = layout.intervalCount;
  const pairShared = result.pairShared as Int32Array;
  const rows: EnginePairRow[] = [];
  for (let q = 0; q < key.pairCount; q++) {
    const producer = layout.producers[key.pairProducer[q] as number] as RegisteredPoint;
    const consumer = layout.consumers[key.pairConsumer[q] as number] as RegisteredPoint;
    rows.push({
      sharingGroupId,
      day: layout.day,
      producerPointId: producer.id,
      consumerPointId: consumer.id,
      basisPoints: key.pairBasisPoints[q] as number,
      data: { values: pairShared.slice(q * count, (q + 1) * count), present: new Uint8Array(count).fill(1) },
    });
  }
  return rows;
}

/** EDC's sharing of the day in the engine's result layout, so the same analytics (missed) apply to it. */
function edcResult(layout: GroupDay): AllocationResult {
  const count = layout.intervalCount;
  const column = (rows: readonly PointDayRows[]) => {
    const values = new Int32Array(rows.length * count);
    rows.forEach((row, c) => {
      if (row.shared === undefined) return;
      for (let i = 0; i < count; i++)
        if (row.shared.present[i] === 1) values[c * count + i] = row.shared.values[i] as number;
    });
    return values;
  };
  return {
    intervalCount: count,
    producerShared: column(layout.producerRows),
    consumerShared: column(layout.consumerRows),
    pairShared: undefined,
  };
}

function sums(analytics: {
  production: Int32Array;
  demand: Int32Array;
  shared: Int32Array;
  missed: Int32Array;
}) {
  const total = (values: Int32Array) => values.reduce((sum, value) => sum + value, 0);
  return {
    production: total(analytics.production),
    demand: total(analytics.demand),
    shared: total(analytics.shared),
    missed: total(analytics.missed),
  };
}
