import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { int4ArrayLiteral, parseInt4ArrayText, totalsOf, type PackedDay } from './packed-day';
import type { SeriesCode, SharingSource } from './reading-series';
import { GROUP_SOURCE } from './reading-series';

export interface ReadingRow {
  readonly pointId: string;
  readonly day: string;
  readonly series: SeriesCode;
  readonly data: PackedDay;
}

export interface ReadingTotalRow {
  readonly pointId: string;
  readonly day: string;
  readonly series: SeriesCode;
  readonly total: number;
  readonly present: number;
}

export interface GroupDayTotals {
  readonly sharingGroupId: string;
  readonly day: string;
  readonly source: SharingSource;
  readonly production: number;
  readonly demand: number;
  readonly shared: number;
  readonly missed: number;
  /** point-intervals where EDC and the engine disagree (computed source only) */
  readonly discrepancies: number;
}

export interface DiscrepancyRow {
  readonly pointId: string;
  readonly intervalStart: Date;
  readonly day: string;
  readonly edcShared: number;
  readonly computedShared: number;
  readonly keyId: string | null;
}

export interface ReadingQuery {
  readonly from: string;
  readonly to: string;
  readonly series: readonly SeriesCode[];
  /** undefined: every point of the community */
  readonly pointIds?: readonly string[];
}

/** Rows per INSERT: ~2 000 days of values keep one statement near 1 MB of text. */
const INSERT_BATCH = 2000;

/**
 * Reads and writes the packed day rows. Every method takes the tenant-bound manager of the caller's
 * transaction (TenantDatabase.run) and the community id, which is in every key and every WHERE.
 */
@Injectable()
export class ReadingsStore {
  /**
   * Serialises writers of one community's readings (import, recompute) for the rest of the transaction, so a
   * recompute never sees half of a revision and two imports of overlapping days cannot interleave. Other
   * communities are not blocked.
   */
  async lockCommunity(manager: EntityManager, communityId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 5))`, [communityId]);
  }

  async deleteDays(
    manager: EntityManager,
    communityId: string,
    pointIds: readonly string[],
    from: string,
    to: string,
    series: readonly SeriesCode[],
  ): Promise<void> {
    if (pointIds.length === 0) return;
    await manager.query(
      `DELETE FROM readings WHERE community_id = $1 AND metering_point_id = ANY($2::uuid[])
          AND day BETWEEN $3::date AND $4::date AND series = ANY($5::int2[])`,
      [communityId, pointIds, from, to, series],
    );
  }

  async insert(manager: EntityManager, communityId: string, rows: readonly ReadingRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const batch = rows.slice(start, start + INSERT_BATCH);
      const totals = batch.map((row) => totalsOf(row.data));
      await manager.query(
        `INSERT INTO readings (community_id, metering_point_id, day, series, present, total, vals)
         SELECT $1::uuid, u.p, u.d, u.s, u.n, u.t, u.v::int4[]
           FROM unnest($2::uuid[], $3::date[], $4::int2[], $5::int2[], $6::int8[], $7::text[]) AS u(p, d, s, n, t, v)`,
        [
          communityId,
          batch.map((row) => row.pointId),
          batch.map((row) => row.day),
          batch.map((row) => row.series),
          totals.map((total) => total.present),
          totals.map((total) => total.total),
          batch.map((row) => int4ArrayLiteral(row.data)),
        ],
      );
    }
  }

  async load(manager: EntityManager, communityId: string, query: ReadingQuery): Promise<ReadingRow[]> {
    const rows: Array<{ p: string; d: string; s: SeriesCode; v: string }> = await manager.query(
      `SELECT metering_point_id AS p, day::text AS d, series AS s, vals::text AS v
         FROM readings
        WHERE community_id = $1 AND day BETWEEN $2::date AND $3::date AND series = ANY($4::int2[])
          AND ($5::uuid[] IS NULL OR metering_point_id = ANY($5::uuid[]))
        ORDER BY day, metering_point_id, series`,
      [communityId, query.from, query.to, query.series, query.pointIds ?? null],
    );
    return rows.map((row) => ({
      pointId: row.p,
      day: row.d,
      series: row.s,
      data: parseInt4ArrayText(row.v),
    }));
  }

  /** Per-day totals without touching the values: what day and month answers need. */
  async loadTotals(
    manager: EntityManager,
    communityId: string,
    query: ReadingQuery,
  ): Promise<ReadingTotalRow[]> {
    const rows: Array<{ p: string; d: string; s: SeriesCode; t: string; n: number }> = await manager.query(
      `SELECT metering_point_id AS p, day::text AS d, series AS s, total AS t, present AS n
           FROM readings
          WHERE community_id = $1 AND day BETWEEN $2::date AND $3::date AND series = ANY($4::int2[])
            AND ($5::uuid[] IS NULL OR metering_point_id = ANY($5::uuid[]))
          ORDER BY day, metering_point_id, series`,
      [communityId, query.from, query.to, query.series, query.pointIds ?? null],
    );
    return rows.map((row) => ({
      pointId: row.p,
      day: row.d,
      series: row.s,
      total: Number(row.t),
      present: row.n,
    }));
  }

  async replaceGroupDays(
    manager: EntityManager,
    communityId: string,
    sharingGroupId: string,
    from: string,
    to: string,
    days: readonly GroupDayTotals[],
  ): Promise<void> {
    await manager.query(
      `DELETE FROM sharing_group_days WHERE community_id = $1 AND sharing_group_id = $2 AND day BETWEEN $3::date AND $4::date`,
      [communityId, sharingGroupId, from, to],
    );
    if (days.length === 0) return;
    await manager.query(
      `INSERT INTO sharing_group_days (community_id, sharing_group_id, day, source, production, demand, shared, missed, discrepancies)
       SELECT $1::uuid, $2::uuid, u.d, u.s, u.pr, u.de, u.sh, u.mi, u.di
         FROM unnest($3::date[], $4::int2[], $5::int8[], $6::int8[], $7::int8[], $8::int8[], $9::int4[])
           AS u(d, s, pr, de, sh, mi, di)`,
      [
        communityId,
        sharingGroupId,
        days.map((day) => day.day),
        days.map((day) => GROUP_SOURCE[day.source]),
        days.map((day) => day.production),
        days.map((day) => day.demand),
        days.map((day) => day.shared),
        days.map((day) => day.missed),
        days.map((day) => day.discrepancies),
      ],
    );
  }

  async loadGroupDays(
    manager: EntityManager,
    communityId: string,
    from: string,
    to: string,
    source: SharingSource,
  ): Promise<GroupDayTotals[]> {
    const rows: Array<{ g: string; d: string; pr: string; de: string; sh: string; mi: string; di: number }> =
      await manager.query(
        `SELECT sharing_group_id AS g, day::text AS d, production AS pr, demand AS de, shared AS sh, missed AS mi,
                discrepancies AS di
           FROM sharing_group_days
          WHERE community_id = $1 AND day BETWEEN $2::date AND $3::date AND source = $4
          ORDER BY day`,
        [communityId, from, to, GROUP_SOURCE[source]],
      );
    return rows.map((row) => ({
      sharingGroupId: row.g,
      day: row.d,
      source,
      production: Number(row.pr),
      demand: Number(row.de),
      shared: Number(row.sh),
      missed: Number(row.mi),
      discrepancies: row.di,
    }));
  }

  async replaceDiscrepancies(
    manager: EntityManager,
    communityId: string,
    pointIds: readonly string[],
    from: string,
    to: string,
    rows: readonly DiscrepancyRow[],
  ): Promise<void> {
    if (pointIds.length > 0) {
      await manager.query(
        `DELETE FROM reading_discrepancies WHERE community_id = $1 AND metering_point_id = ANY($2::uuid[])
            AND day BETWEEN $3::date AND $4::date`,
        [communityId, pointIds, from, to],
      );
    }
    for (let start = 0; start < rows.length; start += 5000) {
      const batch = rows.slice(start, start + 5000);
      await manager.query(
        `INSERT INTO reading_discrepancies (community_id, metering_point_id, interval_start, day, edc_shared, computed_shared, key_id)
         SELECT $1::uuid, u.p, u.i, u.d, u.e, u.c, u.k
           FROM unnest($2::uuid[], $3::timestamptz[], $4::date[], $5::int4[], $6::int4[], $7::uuid[]) AS u(p, i, d, e, c, k)`,
        [
          communityId,
          batch.map((row) => row.pointId),
          batch.map((row) => row.intervalStart.toISOString()),
          batch.map((row) => row.day),
          batch.map((row) => row.edcShared),
          batch.map((row) => row.computedShared),
          batch.map((row) => row.keyId),
        ],
      );
    }
  }
}
