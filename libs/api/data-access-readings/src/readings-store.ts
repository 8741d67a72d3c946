import { prepareStatement, queryPrepared, type TenantTransaction } from '@sdilna/api/data-access-db';

import { decodePackedDays, packBatch, type PackedDay } from './packed-day';
import type { SeriesCode, SharingSource } from './reading-series';
import { GROUP_SOURCE, SERIES } from './reading-series';
import type { RegisteredPoint } from '@sdilna/api/data-access-registry';

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

/** A point with its per-day totals of a period (what `OneStatementReads.memberDayTotals` answers). */
export interface PointDayTotals {
  readonly point: RegisteredPoint;
  readonly totals: readonly ReadingTotalRow[];
}

/** Sums of a period per point, month (`YYYY-MM`) and series. */
export interface ReadingMonthRow {
  readonly pointId: string;
  readonly month: string;
  readonly series: SeriesCode;
  readonly total: number;
  /** at least one of the month's stored days of the period has a value */
  readonly hasValues: boolean;
}

/** Sums of a period per sharing group (one source), with the group's name. */
export interface GroupPeriodTotals {
  readonly sharingGroupId: string;
  readonly name: string;
  readonly production: number;
  readonly demand: number;
  readonly shared: number;
  readonly missed: number;
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

/** A page of a discrepancy list, with the number of stored rows the filter matches. */
export interface DiscrepancyPage<Row> {
  readonly count: number;
  readonly rows: Row[];
}

/** Which discrepancies a list asks for: a period, optionally only some points, and a page. */
export interface DiscrepancyFilter {
  readonly from: string;
  readonly to: string;
  /** undefined: every point of the community */
  readonly pointIds?: readonly string[];
  readonly limit: number;
  readonly offset: number;
}

export interface ReadingQuery {
  readonly from: string;
  readonly to: string;
  readonly series: readonly SeriesCode[];
  /** undefined: every point of the community */
  readonly pointIds?: readonly string[];
}

/**
 * Group totals of a period (the groups of an administrator's GET .../sharing) from `group_period_sums`, the same
 * function the group overview reads: prepared, it is hot.
 */
const SUM_GROUP_DAYS = prepareStatement(
  `SELECT sharing_group_id AS g, name AS n, production::text AS pr, demand::text AS de, shared::text AS sh,
          missed::text AS mi, discrepancies::text AS di
     FROM group_period_sums($1, $2::date, $3::date, $4::int2)
    ORDER BY first_day, sharing_group_id`,
);

/** work_mem of a transaction that loads day blocks (`load`): a year is read in 14-day chunks of ~28 000 rows. */
const LOAD_WORK_MEM = '32MB';

/** Rows per INSERT: ~2 000 days of values keep one statement under 1 MB. */
const INSERT_BATCH = 2000;

/** What EDC sent for a point and day: one `edc_readings` row. */
interface EdcDay {
  readonly pointId: string;
  readonly day: string;
  measured?: PackedDay;
  edcShared?: PackedDay;
}

/** The measured and EDC-shared rows of the same point and day paired, in the order of their first row. */
function edcDaysOf(rows: readonly ReadingRow[]): EdcDay[] {
  const days = new Map<string, EdcDay>();
  for (const row of rows) {
    const key = `${row.pointId}|${row.day}`;
    let day = days.get(key);
    if (day === undefined) {
      day = { pointId: row.pointId, day: row.day };
      days.set(key, day);
    }
    if (row.series === SERIES.measured) day.measured = row.data;
    else day.edcShared = row.data;
  }
  return [...days.values()];
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/**
 * Reads and writes the packed day rows, bound to one tenant transaction (`tx.store(ReadingsStore)`): row-level
 * security filters every read to its community (an index condition on the key's leading column) and inserts
 * take `community_id` from the transaction.
 */
export class ReadingsStore {
  private sortsInMemory = false;

  constructor(private readonly tx: TenantTransaction) {}

  /**
   * Serialises writers of one community's readings (import, recompute) for the rest of the transaction, so a
   * recompute never sees half of a revision and two imports of overlapping days cannot interleave. Other
   * communities are not blocked.
   */
  async lockCommunity(): Promise<void> {
    await this.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 5))`, [this.tx.communityId]);
  }

  /**
   * Removes the given series of the points' days. Measured and EDC's sharing share a row (`edc_readings`,
   * migration 1797600000000): both go with the row; one of them alone empties its columns, and a row left with
   * nothing goes.
   */
  async deleteDays(
    pointIds: readonly string[],
    from: string,
    to: string,
    series: readonly SeriesCode[],
  ): Promise<void> {
    if (pointIds.length === 0) return;
    const days = [pointIds, from, to];
    const where = `metering_point_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date`;
    if (series.includes(SERIES.computedShared)) {
      await this.tx.query(`DELETE FROM engine_readings WHERE ${where}`, days);
    }
    const measured = series.includes(SERIES.measured);
    const edcShared = series.includes(SERIES.edcShared);
    if (measured && edcShared) {
      await this.tx.query(`DELETE FROM edc_readings WHERE ${where}`, days);
    } else if (measured || edcShared) {
      const [gone, kept] = measured ? ['measured', 'edc'] : ['edc', 'measured'];
      await this.tx.query(`DELETE FROM edc_readings WHERE ${where} AND ${kept}_vals IS NULL`, days);
      await this.tx.query(
        `UPDATE edc_readings SET ${gone}_total = NULL, ${gone}_present = NULL, ${gone}_vals = NULL
          WHERE ${where} AND ${gone}_vals IS NOT NULL`,
        days,
      );
    }
  }

  /**
   * Stores the rows: measured and EDC's sharing of a point and day in one `edc_readings` row (the import writes
   * them together; a series given alone fills its columns of an existing row), the engine's in `engine_readings`.
   * The values of a batch travel as ONE bytea parameter (the driver sends a Buffer in binary), cut into rows by
   * offset in SQL: no text per value on either side.
   */
  async insert(rows: readonly ReadingRow[]): Promise<void> {
    const engine = rows.filter((row) => row.series === SERIES.computedShared);
    const edc = edcDaysOf(rows.filter((row) => row.series !== SERIES.computedShared));
    for (let start = 0; start < edc.length; start += INSERT_BATCH) {
      await this.insertEdcDays(edc.slice(start, start + INSERT_BATCH));
    }
    for (let start = 0; start < engine.length; start += INSERT_BATCH) {
      const batch = engine.slice(start, start + INSERT_BATCH);
      const packed = packBatch(batch.map((row) => row.data));
      await this.tx.query(
        `INSERT INTO engine_readings (community_id, metering_point_id, day, present, total, vals)
         SELECT $1::uuid, u.p, u.d, u.n, u.t, substring($5::bytea FROM u.o FOR u.l)
           FROM unnest($2::uuid[], $3::date[], $4::int2[], $6::int4[], $7::int4[], $8::int4[])
             AS u(p, d, n, t, o, l)`,
        [
          this.tx.communityId,
          batch.map((row) => row.pointId),
          batch.map((row) => row.day),
          packed.present,
          packed.values,
          packed.totals,
          packed.offsets,
          packed.lengths,
        ],
      );
    }
  }

  private async insertEdcDays(days: readonly EdcDay[]): Promise<void> {
    const packed = packBatch(days.flatMap((day) => [day.measured, day.edcShared].filter(isDefined)));
    // Index of each day's measured and shared frame in the packed batch (null where the series is not given).
    const measured: Array<number | null> = [];
    const edcShared: Array<number | null> = [];
    let next = 0;
    for (const day of days) {
      measured.push(day.measured === undefined ? null : next++);
      edcShared.push(day.edcShared === undefined ? null : next++);
    }
    const column = (indexes: Array<number | null>, values: readonly number[]): Array<number | null> =>
      indexes.map((index) => (index === null ? null : (values[index] as number)));
    await this.tx.query(
      `INSERT INTO edc_readings (community_id, metering_point_id, day, measured_total, edc_total, measured_present,
                                 edc_present, measured_vals, edc_vals)
       SELECT $1::uuid, u.p, u.d, u.mt, u.et, u.mn, u.en,
              substring($2::bytea FROM u.mo FOR u.ml), substring($2::bytea FROM u.eo FOR u.el)
         FROM unnest($3::uuid[], $4::date[], $5::int4[], $6::int4[], $7::int2[], $8::int2[], $9::int4[],
                     $10::int4[], $11::int4[], $12::int4[])
           AS u(p, d, mt, et, mn, en, mo, ml, eo, el)
       ON CONFLICT (community_id, metering_point_id, day) DO UPDATE SET
         measured_total = coalesce(EXCLUDED.measured_total, edc_readings.measured_total),
         measured_present = coalesce(EXCLUDED.measured_present, edc_readings.measured_present),
         measured_vals = coalesce(EXCLUDED.measured_vals, edc_readings.measured_vals),
         edc_total = coalesce(EXCLUDED.edc_total, edc_readings.edc_total),
         edc_present = coalesce(EXCLUDED.edc_present, edc_readings.edc_present),
         edc_vals = coalesce(EXCLUDED.edc_vals, edc_readings.edc_vals)`,
      [
        this.tx.communityId,
        packed.values,
        days.map((day) => day.pointId),
        days.map((day) => day.day),
        column(measured, packed.totals),
        column(edcShared, packed.totals),
        column(measured, packed.present),
        column(edcShared, packed.present),
        column(measured, packed.offsets),
        column(measured, packed.lengths),
        column(edcShared, packed.offsets),
        column(edcShared, packed.lengths),
      ],
    );
  }

  /**
   * The stored days of the query, as rows in the order (day, series, point). Read as one row per day and series
   * with the points' values concatenated by Postgres: a year of 1 000 points is 365 rows per series instead of
   * 365 000, each decoded with one copy and no number parsed in JavaScript (P3).
   */
  async load(query: ReadingQuery): Promise<ReadingRow[]> {
    if (!this.sortsInMemory) {
      // The day blocks are sorted by (day, series, point): two weeks of 1 000 points spill the default 4 MB of
      // work_mem to disk (an external merge). For the rest of this transaction only.
      await this.tx.query(`SET LOCAL work_mem = '${LOAD_WORK_MEM}'`);
      this.sortsInMemory = true;
    }
    const blocks: Array<{ d: string; s: SeriesCode; p: string; v: Buffer }> = await this.tx.query(
      `SELECT day::text AS d, series AS s,
                string_agg(metering_point_id::text, ',' ORDER BY metering_point_id) AS p,
                string_agg(vals, ''::bytea ORDER BY metering_point_id) AS v
           FROM readings
          WHERE day BETWEEN $1::date AND $2::date AND series = ANY($3::int2[])
            AND ($4::uuid[] IS NULL OR metering_point_id = ANY($4::uuid[]))
          GROUP BY day, series
          ORDER BY day, series`,
      [query.from, query.to, query.series, query.pointIds ?? null],
    );
    const rows: ReadingRow[] = [];
    for (const block of blocks) {
      // Stored days are self-delimiting frames of varying length (packed-day.ts, migration 1796720000000).
      const pointIds = block.p.split(',');
      const days = decodePackedDays(block.v);
      days.forEach((data, index) => {
        rows.push({ pointId: pointIds[index] as string, day: block.d, series: block.s, data });
      });
    }
    return rows;
  }

  /** Per-day totals without touching the values: what day and month answers need. */
  async loadTotals(query: ReadingQuery): Promise<ReadingTotalRow[]> {
    const rows: Array<{ p: string; d: string; s: SeriesCode; t: string; n: number }> = await this.tx.query(
      `SELECT metering_point_id AS p, day::text AS d, series AS s, total AS t, present AS n
           FROM readings
          WHERE day BETWEEN $1::date AND $2::date AND series = ANY($3::int2[])
            AND ($4::uuid[] IS NULL OR metering_point_id = ANY($4::uuid[]))
          ORDER BY day, metering_point_id, series`,
      [query.from, query.to, query.series, query.pointIds ?? null],
    );
    return rows.map((row) => ({
      pointId: row.p,
      day: row.d,
      series: row.s,
      total: Number(row.t),
      present: row.n,
    }));
  }

  /**
   * Month sums of the per-day totals, added up by Postgres: a month of 1 000 points is 2 000 rows to the API
   * instead of 60 000.
   */
  async loadMonthTotals(query: ReadingQuery): Promise<ReadingMonthRow[]> {
    const rows: Array<{ p: string; m: string; s: SeriesCode; t: string; h: boolean }> = await this.tx.query(
      `SELECT metering_point_id AS p, to_char(day, 'YYYY-MM') AS m, series AS s, sum(total)::text AS t,
              bool_or(present > 0) AS h
         FROM readings
        WHERE day BETWEEN $1::date AND $2::date AND series = ANY($3::int2[])
          AND ($4::uuid[] IS NULL OR metering_point_id = ANY($4::uuid[]))
        GROUP BY 1, 2, 3`,
      [query.from, query.to, query.series, query.pointIds ?? null],
    );
    return rows.map((row) => ({
      pointId: row.p,
      month: row.m,
      series: row.s,
      total: Number(row.t),
      hasValues: row.h,
    }));
  }

  /**
   * Per group sums of `sharing_group_days` over a period (one row per group that has days in it), ordered by
   * the group's first day: the group overview without reading any point's data.
   */
  async sumGroupDays(from: string, to: string, source: SharingSource): Promise<GroupPeriodTotals[]> {
    const rows: Array<{ g: string; n: string; pr: string; de: string; sh: string; mi: string; di: string }> =
      await queryPrepared(this.tx.manager, SUM_GROUP_DAYS, [
        this.tx.communityId,
        from,
        to,
        GROUP_SOURCE[source],
      ]);
    return rows.map((row) => ({
      sharingGroupId: row.g,
      name: row.n,
      production: Number(row.pr),
      demand: Number(row.de),
      shared: Number(row.sh),
      missed: Number(row.mi),
      discrepancies: Number(row.di),
    }));
  }

  async replaceGroupDays(
    sharingGroupId: string,
    from: string,
    to: string,
    days: readonly GroupDayTotals[],
  ): Promise<void> {
    await this.tx.query(
      `DELETE FROM sharing_group_days WHERE sharing_group_id = $1 AND day BETWEEN $2::date AND $3::date`,
      [sharingGroupId, from, to],
    );
    if (days.length === 0) return;
    await this.tx.query(
      `INSERT INTO sharing_group_days (community_id, sharing_group_id, day, source, production, demand, shared, missed, discrepancies)
       SELECT $1::uuid, $2::uuid, u.d, u.s, u.pr, u.de, u.sh, u.mi, u.di
         FROM unnest($3::date[], $4::int2[], $5::int8[], $6::int8[], $7::int8[], $8::int8[], $9::int4[])
           AS u(d, s, pr, de, sh, mi, di)`,
      [
        this.tx.communityId,
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

  /** Removes the group totals of the given groups on [from, to] (stale after an import of their days). */
  async deleteGroupDays(sharingGroupIds: readonly string[], from: string, to: string): Promise<void> {
    if (sharingGroupIds.length === 0) return;
    await this.tx.query(
      `DELETE FROM sharing_group_days WHERE sharing_group_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date`,
      [sharingGroupIds, from, to],
    );
  }

  async loadGroupDays(from: string, to: string, source: SharingSource): Promise<GroupDayTotals[]> {
    const rows: Array<{ g: string; d: string; pr: string; de: string; sh: string; mi: string; di: number }> =
      await this.tx.query(
        `SELECT sharing_group_id AS g, day::text AS d, production AS pr, demand AS de, shared AS sh, missed AS mi,
                discrepancies AS di
           FROM sharing_group_days
          WHERE day BETWEEN $1::date AND $2::date AND source = $3
          ORDER BY day`,
        [from, to, GROUP_SOURCE[source]],
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
    pointIds: readonly string[],
    from: string,
    to: string,
    rows: readonly DiscrepancyRow[],
  ): Promise<void> {
    if (pointIds.length > 0) {
      await this.tx.query(
        `DELETE FROM reading_discrepancies WHERE metering_point_id = ANY($1::uuid[])
            AND day BETWEEN $2::date AND $3::date`,
        [pointIds, from, to],
      );
    }
    for (let start = 0; start < rows.length; start += 5000) {
      const batch = rows.slice(start, start + 5000);
      await this.tx.query(
        `INSERT INTO reading_discrepancies (community_id, metering_point_id, interval_start, day, edc_shared, computed_shared, key_id)
         SELECT $1::uuid, u.p, u.i, u.d, u.e, u.c, u.k
           FROM unnest($2::uuid[], $3::timestamptz[], $4::date[], $5::int4[], $6::int4[], $7::uuid[]) AS u(p, i, d, e, c, k)`,
        [
          this.tx.communityId,
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

  /** Stored discrepancies of a period in interval order, one page of them, and how many the filter matches. */
  async discrepancies(filter: DiscrepancyFilter): Promise<DiscrepancyPage<DiscrepancyRow>> {
    const where = `day BETWEEN $1::date AND $2::date AND ($3::uuid[] IS NULL OR metering_point_id = ANY($3::uuid[]))`;
    const matching = [filter.from, filter.to, filter.pointIds ?? null];
    const [{ count }] = (await this.tx.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM reading_discrepancies WHERE ${where}`,
      matching,
    )) as [{ count: number }];
    const rows = await this.tx.query<{
      p: string;
      i: Date;
      d: string;
      e: number;
      c: number;
      k: string | null;
    }>(
      `SELECT metering_point_id AS p, interval_start AS i, day::text AS d, edc_shared AS e, computed_shared AS c, key_id AS k
         FROM reading_discrepancies WHERE ${where}
        ORDER BY interval_start, metering_point_id LIMIT $4 OFFSET $5`,
      [...matching, filter.limit, filter.offset],
    );
    return {
      count,
      rows: rows.map((row) => ({
        pointId: row.p,
        intervalStart: row.i,
        day: row.d,
        edcShared: row.e,
        computedShared: row.c,
        keyId: row.k,
      })),
    };
  }
}
