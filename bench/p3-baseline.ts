import type { TenantDatabase } from '@sdilna/api/data-access-db';
import { ReadingsStore, RegistryReader, SERIES } from '@sdilna/api/data-access-readings';
import {
  allocate,
  analyseIntervals,
  keyRequestsIteration,
  keyRoundsOn,
  type AllocationKey,
} from '@sdilna/shared/domain-allocation';
import { rulesFor, type CommunityType } from '@sdilna/shared/domain-core';

import {
  CompiledKeyCache,
  dayChunks,
  groupDay,
  type DayRows,
} from '../libs/api/feature-sharing/src/group-day';

/**
 * P3's baseline, in the same run as the simulation: the time to read the stored values the simulation needs
 * (measured and computed shared of the group, the store's `load` in 14-day chunks as the simulation reads them)
 * plus the bare engine time for the new key (allocate and the interval analytics, every day; the registered key's
 * result is the stored run). Not counted: laying the values out for the engine, compiling keys, the stored runs'
 * lookup, the access check, the answer. The simulation's time over this sum is what the service adds.
 */
export async function p3Baseline(options: {
  readonly db: TenantDatabase;
  readonly communityId: string;
  readonly communityType: CommunityType;
  readonly days: readonly string[];
  readonly simulatedKey: AllocationKey;
}): Promise<{ readS: number; engineS: number; days: number }> {
  const { db, communityId } = options;
  const setup = await db.run(communityId, async (manager) => ({
    points: await manager.store(RegistryReader).points(),
  }));
  const groupId = setup.points.find((point) => point.role === 'production')?.sharingGroupId as string;
  const points = setup.points.filter((point) => point.sharingGroupId === groupId);
  const simulatedCache = new CompiledKeyCache();
  let readMs = 0;
  let engineMs = 0;
  let dataDays = 0;
  for (const chunk of dayChunks(options.days, 14)) {
    let started = performance.now();
    const rows = await db.run(communityId, (manager) =>
      manager.store(ReadingsStore).load({
        from: chunk[0] as string,
        to: chunk[chunk.length - 1] as string,
        series: [SERIES.measured, SERIES.computedShared],
        pointIds: points.map((point) => point.id),
      }),
    );
    readMs += performance.now() - started;
    const byDay = new Map<string, DayRows>();
    for (const row of rows) {
      if (row.series !== SERIES.measured) continue;
      let day = byDay.get(row.day);
      if (day === undefined) byDay.set(row.day, (day = new Map()));
      day.set(row.pointId, { measured: row.data });
    }
    for (const day of chunk) {
      const dayRows = byDay.get(day);
      if (dayRows === undefined) continue;
      dataDays++;
      const layout = groupDay(day, points, dayRows);
      const rules = rulesFor(options.communityType, day);
      const simulatedRounds = keyRoundsOn(options.simulatedKey, rules, {
        iterationRequested: keyRequestsIteration(options.simulatedKey),
        groupPoints: layout.producers.length + layout.consumers.length,
        consumptionPoints: layout.consumers.length,
      });
      const simulated = simulatedCache.get(
        { id: 'simulated', key: options.simulatedKey },
        layout,
        simulatedRounds.rounds,
      );
      started = performance.now();
      const result = allocate(simulated, layout.input);
      analyseIntervals(simulated, layout.input, result);
      engineMs += performance.now() - started;
    }
  }
  return { readS: readMs / 1000, engineS: engineMs / 1000, days: dataDays };
}
