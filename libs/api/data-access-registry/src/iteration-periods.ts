import type { TenantTransaction } from '@sdilna/api/data-access-db';
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
 * EDC with validity dates, bound to one tenant transaction. Dates come back as text (the driver would make a
 * `date` a local-midnight Date).
 */
export class IterationPeriodStore {
  constructor(private readonly tx: TenantTransaction) {}

  /** Every period of the group, oldest first. */
  async list(groupId: string): Promise<IterationPeriod[]> {
    const rows = await this.tx.query<{ valid_from: string; valid_to: string | null; requested: boolean }>(
      `SELECT valid_from::text, valid_to::text, requested
         FROM sharing_group_iteration_periods
        WHERE sharing_group_id = $1
        ORDER BY valid_from`,
      [groupId],
    );
    return rows.map((row) => ({
      validFrom: row.valid_from,
      validTo: row.valid_to,
      requested: row.requested,
    }));
  }

  /** Periods of every group of the community, by group id. */
  async byGroup(): Promise<Map<string, IterationPeriod[]>> {
    const rows = await this.tx.query<{
      sharing_group_id: string;
      valid_from: string;
      valid_to: string | null;
      requested: boolean;
    }>(
      `SELECT sharing_group_id, valid_from::text, valid_to::text, requested
         FROM sharing_group_iteration_periods
        ORDER BY valid_from`,
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
    groupId: string,
    validFrom: string,
    requested: boolean,
    userId: string | null,
  ): Promise<void> {
    await this.tx.query(
      `DELETE FROM sharing_group_iteration_periods WHERE sharing_group_id = $1 AND valid_from = $2::date`,
      [groupId, validFrom],
    );
    await this.tx.query(
      `UPDATE sharing_group_iteration_periods SET valid_to = $2::date - 1
        WHERE sharing_group_id = $1 AND valid_from < $2::date
          AND (valid_to IS NULL OR valid_to >= $2::date)`,
      [groupId, validFrom],
    );
    await this.tx.query(
      `INSERT INTO sharing_group_iteration_periods
              (community_id, sharing_group_id, valid_from, valid_to, requested, created_by)
       VALUES ($1, $2, $3::date, NULL, $4, $5)`,
      [this.tx.communityId, groupId, validFrom, requested, userId],
    );
  }

  /** Moves the end of the period starting on `validFrom` (null: open-ended); false when there is none. */
  async setValidTo(groupId: string, validFrom: string, validTo: string | null): Promise<boolean> {
    const rows = await this.tx.query<{ valid_from: string }>(
      `UPDATE sharing_group_iteration_periods SET valid_to = $3::date
        WHERE sharing_group_id = $1 AND valid_from = $2::date RETURNING valid_from::text`,
      [groupId, validFrom, validTo],
    );
    return rows.length > 0;
  }
}
