import type { TenantTransaction } from '@sdilna/api/data-access-db';

import { decodePackedDays, packBatch, type PackedDay } from './packed-day';
import type { DiscrepancyFilter, DiscrepancyPage } from './readings-store';

/** EDC's shared energy of one producer → consumer pair on one Prague day (0.01 kWh, packed like readings). */
export interface PairReadingRow {
  readonly producerPointId: string;
  readonly consumerPointId: string;
  readonly day: string;
  readonly data: PackedDay;
}

/** A difference between EDC's pair figure and the engine's pair result in one interval. */
export interface PairDiscrepancyRow {
  readonly producerPointId: string;
  readonly consumerPointId: string;
  readonly intervalStart: Date;
  readonly day: string;
  readonly edcShared: number;
  readonly computedShared: number;
  readonly keyId: string | null;
}

const INSERT_BATCH = 2000;

/**
 * `pair_readings` (EDC's pair report) and `pair_discrepancies` (its reconciliation with the engine), bound to one
 * tenant transaction: row-level security filters reads, inserts take the transaction's community.
 */
export class PairReadingsStore {
  constructor(private readonly tx: TenantTransaction) {}

  /** Removes the stored pairs of the given consumers on [from, to]: a day of a file replaces all of them. */
  async deleteDays(consumerPointIds: readonly string[], from: string, to: string): Promise<void> {
    if (consumerPointIds.length === 0) return;
    await this.tx.query(
      `DELETE FROM pair_readings WHERE consumer_point_id = ANY($1::uuid[])
          AND day BETWEEN $2::date AND $3::date`,
      [consumerPointIds, from, to],
    );
  }

  /** The values travel as one bytea parameter cut into rows in SQL, as in ReadingsStore.insert. */
  async insert(rows: readonly PairReadingRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const batch = rows.slice(start, start + INSERT_BATCH);
      const packed = packBatch(batch.map((row) => row.data));
      await this.tx.query(
        `INSERT INTO pair_readings (community_id, producer_point_id, consumer_point_id, day, present, total, vals)
         SELECT $1::uuid, u.p, u.c, u.d, u.n, u.t, substring($7::bytea FROM u.o FOR u.l)
           FROM unnest($2::uuid[], $3::uuid[], $4::date[], $5::int2[], $6::int8[], $8::int4[], $9::int4[])
             AS u(p, c, d, n, t, o, l)`,
        [
          this.tx.communityId,
          batch.map((row) => row.producerPointId),
          batch.map((row) => row.consumerPointId),
          batch.map((row) => row.day),
          packed.present,
          packed.totals,
          packed.values,
          packed.offsets,
          packed.lengths,
        ],
      );
    }
  }

  /** The stored pairs of [from, to] (of the given consumers, or all), ordered by day, consumer and producer. */
  async load(from: string, to: string, consumerPointIds?: readonly string[]): Promise<PairReadingRow[]> {
    const rows: Array<{ p: string; c: string; d: string; v: Buffer }> = await this.tx.query(
      `SELECT producer_point_id AS p, consumer_point_id AS c, day::text AS d, vals AS v FROM pair_readings
        WHERE day BETWEEN $1::date AND $2::date
          AND ($3::uuid[] IS NULL OR consumer_point_id = ANY($3::uuid[]))
        ORDER BY day, consumer_point_id, producer_point_id`,
      [from, to, consumerPointIds ?? null],
    );
    return rows.map((row) => ({
      producerPointId: row.p,
      consumerPointId: row.c,
      day: row.d,
      data: decodePackedDays(row.v, row.v.length / 4)[0] as PackedDay,
    }));
  }

  async replaceDiscrepancies(
    consumerPointIds: readonly string[],
    from: string,
    to: string,
    rows: readonly PairDiscrepancyRow[],
  ): Promise<void> {
    if (consumerPointIds.length > 0) {
      await this.tx.query(
        `DELETE FROM pair_discrepancies WHERE consumer_point_id = ANY($1::uuid[])
            AND day BETWEEN $2::date AND $3::date`,
        [consumerPointIds, from, to],
      );
    }
    for (let start = 0; start < rows.length; start += 5000) {
      const batch = rows.slice(start, start + 5000);
      await this.tx.query(
        `INSERT INTO pair_discrepancies
           (community_id, producer_point_id, consumer_point_id, interval_start, day, edc_shared, computed_shared, key_id)
         SELECT $1::uuid, u.p, u.c, u.i, u.d, u.e, u.s, u.k
           FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::date[], $6::int4[], $7::int4[], $8::uuid[])
             AS u(p, c, i, d, e, s, k)`,
        [
          this.tx.communityId,
          batch.map((row) => row.producerPointId),
          batch.map((row) => row.consumerPointId),
          batch.map((row) => row.intervalStart.toISOString()),
          batch.map((row) => row.day),
          batch.map((row) => row.edcShared),
          batch.map((row) => row.computedShared),
          batch.map((row) => row.keyId),
        ],
      );
    }
  }

  /**
   * Stored pair discrepancies of a period in interval order, one page of them, and how many the filter matches;
   * `pointIds` selects the pairs in which one of the points is the producer or the consumer.
   */
  async discrepancies(filter: DiscrepancyFilter): Promise<DiscrepancyPage<PairDiscrepancyRow>> {
    const where = `day BETWEEN $1::date AND $2::date
      AND ($3::uuid[] IS NULL OR producer_point_id = ANY($3::uuid[]) OR consumer_point_id = ANY($3::uuid[]))`;
    const matching = [filter.from, filter.to, filter.pointIds ?? null];
    const [{ count }] = (await this.tx.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pair_discrepancies WHERE ${where}`,
      matching,
    )) as [{ count: number }];
    const rows = await this.tx.query<{
      p: string;
      c: string;
      i: Date;
      d: string;
      e: number;
      s: number;
      k: string | null;
    }>(
      `SELECT producer_point_id AS p, consumer_point_id AS c, interval_start AS i, day::text AS d,
              edc_shared AS e, computed_shared AS s, key_id AS k
         FROM pair_discrepancies WHERE ${where}
        ORDER BY interval_start, consumer_point_id, producer_point_id LIMIT $4 OFFSET $5`,
      [...matching, filter.limit, filter.offset],
    );
    return {
      count,
      rows: rows.map((row) => ({
        producerPointId: row.p,
        consumerPointId: row.c,
        intervalStart: row.i,
        day: row.d,
        edcShared: row.e,
        computedShared: row.s,
        keyId: row.k,
      })),
    };
  }
}
