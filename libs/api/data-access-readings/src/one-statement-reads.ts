import { Injectable } from '@nestjs/common';

import { prepareStatement, TenantDatabase } from '@sdilna/api/data-access-db';
import type { CallerAccessRow } from '@sdilna/api/data-access-registry';
import type { SessionClaims } from '@sdilna/api/util-auth';

import { GROUP_SOURCE, type SeriesCode, type SharingSource } from './reading-series';
import type { GroupPeriodTotals, PointDayTotals } from './readings-store';
import type { RegisteredPoint } from '@sdilna/api/data-access-registry';

/** A point as `member_day_totals` returns it, totals as `[day, series, total, present]`. */
interface PointJson {
  readonly id: string;
  readonly ean: string;
  readonly role: RegisteredPoint['role'];
  readonly memberId: string;
  readonly sharingGroupId: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly label: string | null;
  readonly totals: ReadonlyArray<readonly [string, SeriesCode, number, number]>;
}

/** `[group id, name, production, demand, shared, missed, discrepancies]` */
type GroupJson = readonly [string, string, number, number, number, number, number];

const MEMBER_DAY_TOTALS = prepareStatement(
  `SELECT * FROM member_day_totals($1, $2, $3, $4::date, $5::date, $6::int2[], $7::text)`,
);
const GROUP_PERIOD_TOTALS = prepareStatement(
  `SELECT * FROM group_period_totals($1, $2, $3, $4::date, $5::date, $6::int2)`,
);

/** What a one-statement read answers: the caller (for `CommunityAccess.fromRow`) and the data. */
export interface OneStatementAnswer<T> {
  readonly caller: CallerAccessRow | undefined;
  /** undefined when the session has ended or the community is not visible: nothing was read */
  readonly data: T | undefined;
}

/**
 * The two reads of every portal page load, one round trip each (the functions of migration 1795800000000 check
 * the session, resolve the caller and read the data in one statement bound to the tenant). The caller must pass
 * `caller` through `CommunityAccess.fromRow` before using `data`.
 */
@Injectable()
export class OneStatementReads {
  constructor(private readonly db: TenantDatabase) {}

  /**
   * The day totals of the points of the caller's own members and units (the member monthly summary); the caller
   * narrows them to what their roles may see.
   */
  async memberDayTotals(
    communityId: string,
    caller: SessionClaims,
    query: { from: string; to: string; series: readonly SeriesCode[]; ean?: string },
  ): Promise<OneStatementAnswer<PointDayTotals[]>> {
    const rows = await this.db.callTenantFunction<CallerAccessRow & { points: PointJson[] | null }>(
      communityId,
      MEMBER_DAY_TOTALS,
      [caller.userId, caller.sessionId, query.from, query.to, [...query.series], query.ean ?? null],
    );
    const row = rows[0];
    return {
      caller: row,
      data: row?.points?.map(({ totals, ...point }) => ({
        point,
        totals: totals.map(([day, series, total, present]) => ({
          pointId: point.id,
          day,
          series,
          total,
          present,
        })),
      })),
    };
  }

  /** Each sharing group's totals of a period for one source (the administrator's group overview). */
  async groupPeriodTotals(
    communityId: string,
    caller: SessionClaims,
    query: { from: string; to: string; source: SharingSource },
  ): Promise<OneStatementAnswer<GroupPeriodTotals[]>> {
    const rows = await this.db.callTenantFunction<CallerAccessRow & { groups: GroupJson[] | null }>(
      communityId,
      GROUP_PERIOD_TOTALS,
      [caller.userId, caller.sessionId, query.from, query.to, GROUP_SOURCE[query.source]],
    );
    const row = rows[0];
    return {
      caller: row,
      data: row?.groups?.map(([sharingGroupId, name, production, demand, shared, missed, discrepancies]) => ({
        sharingGroupId,
        name,
        production,
        demand,
        shared,
        missed,
        discrepancies,
      })),
    };
  }
}
