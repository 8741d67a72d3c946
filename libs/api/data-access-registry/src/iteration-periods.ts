import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { addDays } from '@sdilna/shared/domain-core';

/** One period of a sharing group's request for iteration at EDC; `validTo` null while open-ended. */
export interface IterationPeriod {
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly requested: boolean;
}

/** Whether iteration is requested on `day`; a day outside every period is "not requested". */
export function iterationRequestedOn(periods: readonly IterationPeriod[], day: string): boolean {
  return periods.some(
    (period) =>
      period.requested && period.validFrom <= day && (period.validTo === null || day <= period.validTo),
  );
}

/**
 * The first day of [from, to] (`to` null: open-ended) on which the recorded request is not `requested`, or
 * undefined. The request only changes where a period starts or ends, so those days (and `from`) are enough.
 */
export function firstDayOtherThan(
  periods: readonly IterationPeriod[],
  requested: boolean,
  from: string,
  to: string | null,
): string | undefined {
  return [
    from,
    ...periods.flatMap((period) => [
      period.validFrom,
      ...(period.validTo === null ? [] : [addDays(period.validTo, 1)]),
    ]),
  ]
    .filter((day) => from <= day && (to === null || day <= to))
    .sort()
    .find((day) => iterationRequestedOn(periods, day) !== requested);
}

/**
 * The store of `sharing_group_iteration_periods` (migration 1796000000000): a group's request for iteration at
 * EDC with validity dates. Dates come back as text (the driver would make a `date` a local-midnight Date).
 */
@Injectable()
export class IterationPeriods {
  /** Every period of the group, oldest first. */
  async list(manager: EntityManager, communityId: string, groupId: string): Promise<IterationPeriod[]> {
    const rows: Array<{ valid_from: string; valid_to: string | null; requested: boolean }> =
      await manager.query(
        `SELECT valid_from::text, valid_to::text, requested
         FROM sharing_group_iteration_periods
        WHERE community_id = $1 AND sharing_group_id = $2
        ORDER BY valid_from`,
        [communityId, groupId],
      );
    return rows.map((row) => ({
      validFrom: row.valid_from,
      validTo: row.valid_to,
      requested: row.requested,
    }));
  }

  /** Periods of every group of the community, by group id. */
  async byGroup(manager: EntityManager, communityId: string): Promise<Map<string, IterationPeriod[]>> {
    const rows: Array<{
      sharing_group_id: string;
      valid_from: string;
      valid_to: string | null;
      requested: boolean;
    }> = await manager.query(
      `SELECT sharing_group_id, valid_from::text, valid_to::text, requested
           FROM sharing_group_iteration_periods
          WHERE community_id = $1
          ORDER BY valid_from`,
      [communityId],
    );
    const byGroup = new Map<string, IterationPeriod[]>();
    for (const row of rows) {
      const list = byGroup.get(row.sharing_group_id) ?? [];
      list.push({ validFrom: row.valid_from, validTo: row.valid_to, requested: row.requested });
      byGroup.set(row.sharing_group_id, list);
    }
    return byGroup;
  }

  /**
   * From `validFrom` on the group's request is `requested`, open-ended: the open period closes the day before, or
   * is replaced when it starts that same day. The caller checks that no period starts after `validFrom`.
   */
  async setFrom(
    manager: EntityManager,
    communityId: string,
    groupId: string,
    validFrom: string,
    requested: boolean,
    userId: string | null,
  ): Promise<void> {
    await manager.query(
      `DELETE FROM sharing_group_iteration_periods
        WHERE community_id = $1 AND sharing_group_id = $2 AND valid_from = $3::date`,
      [communityId, groupId, validFrom],
    );
    await manager.query(
      `UPDATE sharing_group_iteration_periods SET valid_to = $3::date - 1
        WHERE community_id = $1 AND sharing_group_id = $2 AND valid_from < $3::date
          AND (valid_to IS NULL OR valid_to >= $3::date)`,
      [communityId, groupId, validFrom],
    );
    await manager.query(
      `INSERT INTO sharing_group_iteration_periods
              (community_id, sharing_group_id, valid_from, valid_to, requested, created_by)
       VALUES ($1, $2, $3::date, NULL, $4, $5)`,
      [communityId, groupId, validFrom, requested, userId],
    );
  }
}
