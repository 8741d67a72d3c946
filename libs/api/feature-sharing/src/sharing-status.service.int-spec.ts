import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { PeriodChangeStore, StaleMonthsStore } from '@sdilna/api/data-access-registry';
import {
  expectRefusal,
  memberPrincipal,
  seedMember,
  signUpAdmin,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';
import { SharingModule } from './sharing.module';
import { SharingStatusService } from './sharing-status.service';

describe('SharingStatusService (service tier)', () => {
  let moduleRef: TestingModule;
  let status: SharingStatusService;
  let admin: SignedUp;

  const frame = useServiceModule(SharingModule);

  /** Marks the days stale as a change of the registry or of a key does (every day, with data or not). */
  function markStale(from: string, to: string, reason: string): Promise<string[]> {
    return moduleRef
      .get(TenantDatabase)
      .run(admin.communityId, (tx) =>
        tx.store(PeriodChangeStore).markSharingStale({ from, to }, reason, false),
      );
  }

  beforeAll(() => {
    ({ moduleRef, admin } = frame);
    status = moduleRef.get(SharingStatusService);
  });

  it('calls the sharing current while no month is marked', async () => {
    expect(await status.status(admin.principal, admin.communityId)).toEqual({
      state: 'current',
      staleMonths: [],
      recomputingMonths: [],
      months: [],
    });
  });

  it('lists the stale months with their days and reasons; a second change widens its month', async () => {
    expect(await markStale('2026-03-20', '2026-04-10', 'allocation key 2026-03-20..2026-04-10')).toEqual([
      '2026-03',
      '2026-04',
    ]);
    await markStale('2026-04-05', '2026-04-20', 'metering point 859182400000000001');
    const view = await status.status(admin.principal, admin.communityId);
    expect(view.state).toBe('stale');
    expect(view.staleMonths).toEqual(['2026-03', '2026-04']);
    expect(view.recomputingMonths).toEqual([]);
    expect(
      view.months.map(({ month, state, fromDay, toDay, reasons }) => ({
        month,
        state,
        fromDay,
        toDay,
        reasons: [...reasons].sort(),
      })),
    ).toEqual([
      {
        month: '2026-03',
        state: 'stale',
        fromDay: '2026-03-20',
        toDay: '2026-03-31',
        reasons: ['allocation key 2026-03-20..2026-04-10'],
      },
      {
        month: '2026-04',
        state: 'stale',
        fromDay: '2026-04-01',
        toDay: '2026-04-20',
        reasons: ['allocation key 2026-03-20..2026-04-10', 'metering point 859182400000000001'],
      },
    ]);
    for (const month of view.months) {
      expect(month.recomputingSince).toBeNull();
      expect(Math.abs(Date.parse(month.markedAt) - Date.now())).toBeLessThan(60_000);
    }
  });

  it('says recomputing while a month is being computed again, naming that month', async () => {
    await moduleRef
      .get(TenantDatabase)
      .run(admin.communityId, (tx) => tx.store(StaleMonthsStore).markRecomputing(['2026-03']));
    const view = await status.status(admin.principal, admin.communityId);
    expect(view.state).toBe('recomputing');
    expect(view.staleMonths).toEqual(['2026-03', '2026-04']);
    expect(view.recomputingMonths).toEqual(['2026-03']);
    expect(view.months.map((month) => month.state)).toEqual(['recomputing', 'stale']);
    expect(view.months[0]?.recomputingSince).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('shows a member the same status, and a user of another community nothing (COMMUNITY_NOT_FOUND)', async () => {
    const member = await memberPrincipal(moduleRef, admin.communityId, await seedMember(admin.communityId));
    expect((await status.status(member, admin.communityId)).staleMonths).toEqual(['2026-03', '2026-04']);
    const stranger = await signUpAdmin(moduleRef);
    await expectRefusal(status.status(stranger.principal, admin.communityId), 'COMMUNITY_NOT_FOUND');
    expect((await status.status(stranger.principal, stranger.communityId)).state).toBe('current');
  });
});
