import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { SERIES } from '@sdilna/api/data-access-readings';
import {
  expectRefusal,
  flatDay,
  memberPrincipal,
  ownerRows,
  seedPoints,
  signUpAdmin,
  storeReadings,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';

import { CompletenessService } from './completeness.service';
import { SharingModule } from './sharing.module';

describe('CompletenessService (service tier)', () => {
  let moduleRef: TestingModule;
  let completeness: CompletenessService;
  let admin: SignedUp;
  let mine: { memberId: string; points: { id: string; ean: string; role: string }[] };
  let other: { memberId: string; points: { id: string; ean: string; role: string }[] };

  const frame = useServiceModule(SharingModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    completeness = moduleRef.get(CompletenessService);
    // registered from 3 June: the days before are not the point's days at all
    mine = await seedPoints(admin.communityId, admin.groupId, ['consumption'], '2026-06-03');
    other = await seedPoints(admin.communityId, admin.groupId, ['production'], '2026-06-01');
    const [point] = mine.points;
    await storeReadings(moduleRef, admin.communityId, [
      // 3 June: every interval measured and evaluated by EDC
      { pointId: point!.id, day: '2026-06-03', series: SERIES.measured, values: flatDay(10) },
      { pointId: point!.id, day: '2026-06-03', series: SERIES.edcShared, values: flatDay(4) },
      // 4 June: measured, but EDC has not evaluated the last interval yet
      { pointId: point!.id, day: '2026-06-04', series: SERIES.measured, values: flatDay(10) },
      { pointId: point!.id, day: '2026-06-04', series: SERIES.edcShared, values: flatDay(4, 95) },
      // 5 June: half of the day measured
      { pointId: point!.id, day: '2026-06-05', series: SERIES.measured, values: { 0: 10, 1: 10 } },
    ]);
  });

  it("classifies each of a point's days: complete, preliminary, partial, missing; none before it was registered", async () => {
    const month = await completeness.month(admin.principal, admin.communityId, '2026-06');
    const point = month.points.find((view) => view.ean === mine.points[0]!.ean);
    expect(point?.days.slice(0, 4)).toEqual([
      { date: '2026-06-03', status: 'complete' },
      { date: '2026-06-04', status: 'preliminary' },
      { date: '2026-06-05', status: 'partial' },
      { date: '2026-06-06', status: 'missing' },
    ]);
    expect(point?.days).toHaveLength(28);
    expect(point?.counts).toEqual({ complete: 1, preliminary: 1, partial: 1, missing: 25 });
    // the production point has no data at all: 30 missing days; the month adds both up
    expect(month.counts).toEqual({ complete: 1, preliminary: 1, partial: 1, missing: 55 });
  });

  it('shows a member only the points of its own member record', async () => {
    const member = await memberPrincipal(moduleRef, admin.communityId, mine.memberId);
    const month = await completeness.month(member, admin.communityId, '2026-06');
    expect(month.points.map((view) => view.ean)).toEqual([mine.points[0]!.ean]);
    const stranger = await signUpAdmin(moduleRef);
    await expectRefusal(
      completeness.month(stranger.principal, admin.communityId, '2026-06'),
      'COMMUNITY_NOT_FOUND',
    );
    expect(other.points).toHaveLength(1);
  });

  it('records the daily check per community and day, counting the states of its point-days', async () => {
    const checked = await completeness.check(3, Date.parse('2026-06-06T10:00:00Z'));
    expect(checked).toBeGreaterThanOrEqual(1);
    const rows = await ownerRows<{
      day: string;
      complete: number;
      preliminary: number;
      partial: number;
      missing: number;
    }>(
      `SELECT day::text AS day, complete, preliminary, partial, missing FROM completeness_checks
        WHERE community_id = $1 ORDER BY day`,
      [admin.communityId],
    );
    expect(rows).toEqual([
      { day: '2026-06-03', complete: 1, preliminary: 0, partial: 0, missing: 1 },
      { day: '2026-06-04', complete: 0, preliminary: 1, partial: 0, missing: 1 },
      { day: '2026-06-05', complete: 0, preliminary: 0, partial: 1, missing: 1 },
    ]);
  });
});
