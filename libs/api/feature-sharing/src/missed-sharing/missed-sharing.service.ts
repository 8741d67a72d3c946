import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@sdilna/api/data-access-db';
import { RegistryReader } from '@sdilna/api/data-access-readings';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { missedPerConsumer } from '@sdilna/shared/domain-allocation';
import { addDays, kwhToJsonNumber } from '@sdilna/shared/domain-core';

import { lastDayOfMonth } from '../completeness.service';

import { forEachRegisteredDay } from '../registered-days';
import { pointsInPeriod, visiblePoints } from '../sharing-access';
import type { MissedSharingView } from './missed-sharing.dto';

/**
 * GET .../missed-sharing: per consumption point and month, the energy the group sent to the grid while the point
 * drew from it in the same interval (docs/keys.md, "Missed sharing"), from the stored measured values and the
 * registered key's sharing (the recompute's engine run, `forEachRegisteredDay`). Members see their own points;
 * the group's producers count for them all the same (their surplus is what a point could have received).
 */
@Injectable()
export class MissedSharingService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
  ) {}

  async month(principal: Principal, communityId: string, month: string): Promise<MissedSharingView> {
    const from = `${month}-01`;
    const to = lastDayOfMonth(month);
    return this.db.run(communityId, async (tx) => {
      const access = await this.access.resolve(tx.manager, communityId, principal);
      const points = pointsInPeriod(await tx.store(RegistryReader).points(), from, to);
      const shown = visiblePoints(access, points).filter((point) => point.role === 'consumption');
      const sums = new Map(shown.map((point) => [point.id, { missed: 0, remaining: 0 }]));
      const days = new Set<string>();
      for (const group of new Set(shown.map((point) => point.sharingGroupId))) {
        const groupPoints = points.filter((point) => point.sharingGroupId === group);
        await forEachRegisteredDay(tx, group, groupPoints, from, to, ({ layout, result }) => {
          days.add(layout.day);
          const missed = missedPerConsumer(layout.input, result);
          const count = layout.intervalCount;
          layout.consumers.forEach((point, o) => {
            const sum = sums.get(point.id);
            if (sum === undefined) return;
            sum.missed += missed[o] as number;
            for (let i = o * count; i < o * count + count; i++) {
              const rest = (layout.input.demand[i] as number) - (result.consumerShared[i] as number);
              if (rest > 0) sum.remaining += rest;
            }
          });
        });
      }
      const names = new Map(
        ((await tx.query(`SELECT id, name FROM members`)) as Array<{ id: string; name: string }>).map(
          (row) => [row.id, row.name],
        ),
      );
      const byMember = new Map<string, number>();
      // one EAN may have two validity rows in a month (re-registration): one line per EAN
      const byEan = new Map<string, { point: (typeof shown)[number]; missed: number; remaining: number }>();
      for (const point of shown) {
        const sum = sums.get(point.id) as { missed: number; remaining: number };
        const line = byEan.get(point.ean) ?? { point, missed: 0, remaining: 0 };
        line.missed += sum.missed;
        line.remaining += sum.remaining;
        byEan.set(point.ean, line);
        byMember.set(point.memberId, (byMember.get(point.memberId) ?? 0) + sum.missed);
      }
      return {
        month,
        days: days.size,
        points: [...byEan.values()]
          .sort((a, b) => b.missed - a.missed || (a.point.ean < b.point.ean ? -1 : 1))
          .map(({ point, missed, remaining }) => ({
            ean: point.ean,
            label: point.label,
            memberId: point.memberId,
            sharingGroupId: point.sharingGroupId,
            remainingKwh: kwhToJsonNumber(remaining),
            missedKwh: kwhToJsonNumber(missed),
          })),
        members: [...byMember]
          .sort((a, b) => b[1] - a[1])
          .map(([memberId, missed]) => ({
            memberId,
            name: names.get(memberId) ?? '',
            missedKwh: kwhToJsonNumber(missed),
          })),
      };
    });
  }
}

/** `YYYY-MM` → the first day of the following month. */
export function nextMonthStart(month: string): string {
  return addDays(lastDayOfMonth(month), 1);
}
