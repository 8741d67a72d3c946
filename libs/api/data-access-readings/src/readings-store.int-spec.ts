import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import {
  flatDay,
  ownerRows,
  seedPoints,
  signUpAdmin,
  storeReadings,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';

import type { SeriesCode } from './reading-series';
import { SERIES } from './reading-series';
import { ReadingsDataModule } from './readings-data.module';
import { ReadingsStore } from './readings-store';

/** Rows of the two storage tables for the points, as the schema owner sees them (migration 1797600000000). */
async function storedRows(pointIds: readonly string[]): Promise<{ edc: number; engine: number }> {
  const [counts] = await ownerRows<{ edc: number; engine: number }>(
    `SELECT (SELECT count(*)::int FROM edc_readings WHERE metering_point_id = ANY($1::uuid[])) AS edc,
            (SELECT count(*)::int FROM engine_readings WHERE metering_point_id = ANY($1::uuid[])) AS engine`,
    [pointIds],
  );
  return counts ?? { edc: -1, engine: -1 };
}

describe('ReadingsStore (one row per point and day)', () => {
  let moduleRef: TestingModule;
  let admin: SignedUp;
  let pointIds: string[];

  const frame = useServiceModule(ReadingsDataModule);

  const store = <T>(work: (store: ReadingsStore) => Promise<T>): Promise<T> =>
    moduleRef.get(TenantDatabase).run(admin.communityId, (tx) => work(tx.store(ReadingsStore)));

  /** Per series, the day totals the store answers for the points on [from, to]. */
  const totals = async (from: string, to: string): Promise<string[]> =>
    (await store((readings) => readings.loadTotals({ from, to, series: [1, 2, 3], pointIds }))).map(
      (row) => `${row.day} ${pointIds.indexOf(row.pointId)} s${row.series} ${row.total}/${row.present}`,
    );

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    const seeded = await seedPoints(admin.communityId, admin.groupId, ['production', 'consumption']);
    pointIds = seeded.points.map((point) => point.id);
  });

  it('keeps what EDC sent for a point and day in one row and the engine’s sharing in another, and reads each series back', async () => {
    const [producer, consumer] = pointIds as [string, string];
    const day = (pointId: string, series: SeriesCode, value: number) => ({
      pointId,
      day: '2026-06-01',
      series,
      values: flatDay(value),
    });
    await storeReadings(moduleRef, admin.communityId, [
      day(producer, SERIES.measured, 40),
      day(producer, SERIES.edcShared, 30),
      day(consumer, SERIES.measured, 25),
      day(consumer, SERIES.edcShared, 20),
      day(producer, SERIES.computedShared, 31),
      day(consumer, SERIES.computedShared, 21),
    ]);

    expect(await storedRows(pointIds)).toEqual({ edc: 2, engine: 2 });
    expect(await totals('2026-06-01', '2026-06-01')).toEqual(
      [
        '2026-06-01 0 s1 3840/96',
        '2026-06-01 0 s2 2880/96',
        '2026-06-01 0 s3 2976/96',
        '2026-06-01 1 s1 2400/96',
        '2026-06-01 1 s2 1920/96',
        '2026-06-01 1 s3 2016/96',
      ].sort(byPoint(pointIds)),
    );
    const loaded = await store((readings) =>
      readings.load({ from: '2026-06-01', to: '2026-06-01', series: [SERIES.edcShared], pointIds }),
    );
    expect(loaded.map((row) => [row.pointId, row.series, row.data.values[95], row.data.present[0]])).toEqual(
      [producer, consumer]
        .sort()
        .map((pointId) => [pointId, SERIES.edcShared, pointId === producer ? 30 : 20, 1]),
    );
  });

  it('fills a series given alone into the day’s row, and removes one series without the other', async () => {
    const [producer] = pointIds as [string];
    const on = (series: SeriesCode, value: number) => [
      { pointId: producer, day: '2026-06-02', series, values: { 0: value, 1: value } },
    ];
    await storeReadings(moduleRef, admin.communityId, on(SERIES.measured, 7));
    await storeReadings(moduleRef, admin.communityId, on(SERIES.edcShared, 5));
    expect(await storedRows([producer])).toEqual({ edc: 2, engine: 1 });
    expect(await totals('2026-06-02', '2026-06-02')).toEqual([
      '2026-06-02 0 s1 14/2',
      '2026-06-02 0 s2 10/2',
    ]);

    await store((readings) =>
      readings.deleteDays([producer], '2026-06-02', '2026-06-02', [SERIES.edcShared]),
    );
    expect(await totals('2026-06-02', '2026-06-02')).toEqual(['2026-06-02 0 s1 14/2']);
    await store((readings) => readings.deleteDays([producer], '2026-06-02', '2026-06-02', [SERIES.measured]));
    expect(await totals('2026-06-02', '2026-06-02')).toEqual([]);
    expect(await storedRows([producer])).toEqual({ edc: 1, engine: 1 });
  });

  it('replaces the engine’s sharing of a day without touching what EDC sent, and EDC’s with all three', async () => {
    const [producer, consumer] = pointIds as [string, string];
    await store((readings) =>
      readings.deleteDays(pointIds, '2026-06-01', '2026-06-01', [SERIES.computedShared]),
    );
    expect(await storedRows(pointIds)).toEqual({ edc: 2, engine: 0 });
    expect((await totals('2026-06-01', '2026-06-01')).filter((line) => line.includes(' s3 '))).toEqual([]);

    await store((readings) => readings.deleteDays([consumer], '2026-06-01', '2026-06-01', [1, 2, 3]));
    expect(await storedRows([producer])).toEqual({ edc: 1, engine: 0 });
    expect(await storedRows([consumer])).toEqual({ edc: 0, engine: 0 });
  });

  it('shows a community none of another community’s days through the view', async () => {
    const other = await signUpAdmin(moduleRef);
    const [theirs] = (await seedPoints(other.communityId, other.groupId, ['consumption'])).points;
    await storeReadings(moduleRef, other.communityId, [
      { pointId: theirs!.id, day: '2026-06-01', series: SERIES.measured, values: flatDay(9) },
      { pointId: theirs!.id, day: '2026-06-01', series: SERIES.computedShared, values: flatDay(3) },
    ]);
    const all = { from: '2026-06-01', to: '2026-06-30', series: [1, 2, 3] as SeriesCode[] };
    const mine = await store((readings) => readings.loadTotals(all));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((row) => !pointIds.includes(row.pointId))).toEqual([]);
    const asked = await store((readings) => readings.loadTotals({ ...all, pointIds: [theirs!.id] }));
    expect(asked).toEqual([]);
    const blocks = await store((readings) => readings.load({ ...all, pointIds: [theirs!.id] }));
    expect(blocks).toEqual([]);
  });
});

/** Orders the `totals` lines as the store does: by day, point id, series. */
function byPoint(pointIds: readonly string[]): (a: string, b: string) => number {
  const key = (line: string): string => {
    const [day, index, series] = line.split(' ');
    return `${day} ${pointIds[Number(index)]} ${series}`;
  };
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
