import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import {
  DataCompleteness,
  dayCompleteness,
  RegistryReader,
  type RegisteredPoint,
} from '@sdilna/api/data-access-readings';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { addDays, pragueDateOf } from '@sdilna/shared/domain-core';

import type {
  CompletenessCountsView,
  CompletenessState,
  CompletenessView,
  PointCompletenessView,
} from './dtos/completeness.dto';
import { pointsInPeriod, visiblePoints } from './sharing-access';

function noCounts(): CompletenessCountsView {
  return { complete: 0, preliminary: 0, partial: 0, missing: 0 };
}

/**
 * Data completeness per point and Prague day (complete, preliminary, partial, missing: `dayCompleteness` in
 * data-access-readings, which settlement's data-gap warnings read too).
 */
@Injectable()
export class CompletenessService {
  private readonly logger = new Logger('Completeness');

  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
  ) {}

  async month(principal: Principal, communityId: string, month: string): Promise<CompletenessView> {
    const from = `${month}-01`;
    const to = lastDayOfMonth(month);
    return this.db.run(communityId, async (tx) => {
      const access = await this.access.resolve(tx.manager, communityId, principal);
      const points = pointsInPeriod(
        visiblePoints(
          access,
          await tx
            .store(RegistryReader)
            .points(access.isAdmin ? {} : { memberIds: [...access.visibleMemberIds] }),
        ),
        from,
        to,
      );
      const views = await this.compute(tx, points, from, to);
      const counts = noCounts();
      for (const view of views)
        for (const state of Object.keys(counts) as CompletenessState[]) counts[state] += view.counts[state];
      return { month, points: views, counts };
    });
  }

  async compute(
    tx: TenantTransaction,
    points: readonly RegisteredPoint[],
    from: string,
    to: string,
  ): Promise<PointCompletenessView[]> {
    return (await tx.store(DataCompleteness).ofPoints(points, from, to)).map(({ point, days }) => {
      const counts = noCounts();
      for (const day of days) counts[day.status]++;
      return { ean: point.ean, role: point.role, label: point.label, days, counts };
    });
  }

  /** The daily check: records per community and day how many points are in which state (last `days` days). */
  async check(days: number, now = Date.now()): Promise<number> {
    const communities: Array<{ id: string }> = await this.db.runGlobal((manager) =>
      manager.query(`SELECT communities_with_readings() AS id`),
    );
    const to = addDays(pragueDateOf(now), -1);
    const from = addDays(to, -(days - 1));
    for (const { id: communityId } of communities) {
      await this.db.run(communityId, async (tx) => {
        const points = pointsInPeriod(await tx.store(RegistryReader).points(), from, to);
        const views = await this.compute(tx, points, from, to);
        const perDay = new Map<string, CompletenessCountsView>();
        for (const view of views) {
          for (const day of view.days) {
            const counts = perDay.get(day.date) ?? noCounts();
            counts[day.status]++;
            perDay.set(day.date, counts);
          }
        }
        const rows = [...perDay];
        await tx.query(
          `INSERT INTO completeness_checks (community_id, day, complete, preliminary, partial, missing, checked_at)
           SELECT $1::uuid, u.d, u.c, u.pr, u.pa, u.m, now()
             FROM unnest($2::date[], $3::int4[], $4::int4[], $5::int4[], $6::int4[]) AS u(d, c, pr, pa, m)
           ON CONFLICT (community_id, day) DO UPDATE SET complete = EXCLUDED.complete, preliminary = EXCLUDED.preliminary,
             partial = EXCLUDED.partial, missing = EXCLUDED.missing, checked_at = EXCLUDED.checked_at`,
          [
            communityId,
            rows.map(([day]) => day),
            rows.map(([, counts]) => counts.complete),
            rows.map(([, counts]) => counts.preliminary),
            rows.map(([, counts]) => counts.partial),
            rows.map(([, counts]) => counts.missing),
          ],
        );
        const missing = rows.reduce((sum, [, counts]) => sum + counts.missing + counts.partial, 0);
        if (missing > 0)
          this.logger.warn(
            `Community ${communityId}: ${missing} point-days missing or partial in ${from}..${to}`,
          );
      });
    }
    return communities.length;
  }
}

/** The classification of a point day (one rule, in data-access-readings). */
export const stateOf: (
  intervals: number,
  measured: number,
  evaluated: number,
  dailyCalculation?: boolean,
) => CompletenessState = dayCompleteness;

/** "2026-04" → "2026-04-30" */
export function lastDayOfMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const next = Number(month.slice(5, 7)) + 1;
  const first = next === 13 ? `${year + 1}-01-01` : `${year}-${String(next).padStart(2, '0')}-01`;
  return addDays(first, -1);
}
