import type { TenantTransaction } from '@sdilna/api/data-access-db';

import { decodePackedDays, packBatch, type PackedDay } from './packed-day';

/** What one engine run of a sharing group day ran with: its data version, compared by readers. */
export interface SharingRun {
  readonly sharingGroupId: string;
  readonly day: string;
  readonly keyVersionId: string;
  readonly rounds: number;
  /** producer point ids, then consumer point ids, each by EAN (the engine's columns) */
  readonly points: string;
  /** energy the run left unshared where export and import were both left (0.01 kWh over the day) */
  readonly missed: number;
}

/** The engine's shared energy of one producer → consumer pair in one run (0.01 kWh, packed like readings). */
export interface EnginePairRow {
  readonly sharingGroupId: string;
  readonly day: string;
  readonly producerPointId: string;
  readonly consumerPointId: string;
  /** the pair's share in the key (basis points): the weights where the engine shared nothing */
  readonly basisPoints: number;
  readonly data: PackedDay;
}

/** The points of a run in engine column order, as stored in `sharing_runs.points`. */
export function runPoints(
  producers: readonly { readonly id: string }[],
  consumers: readonly { readonly id: string }[],
): string {
  return `${producers.map((point) => point.id).join(',')}|${consumers.map((point) => point.id).join(',')}`;
}

const INSERT_BATCH = 2000;

/**
 * The sharing read model: `sharing_runs` (one engine run per community, group, day and data version) and
 * `engine_pair_readings` (that run's per-pair sharing). Only the recompute writes it; a re-import of measured
 * values deletes the runs of its days in the import's transaction. Bound to one tenant transaction: row-level
 * security filters reads, inserts take the transaction's community.
 */
export class SharingRunsStore {
  constructor(private readonly tx: TenantTransaction) {}

  /** Removes the runs (and their pairs) of the given groups on [from, to]. */
  async deleteDays(sharingGroupIds: readonly string[], from: string, to: string): Promise<void> {
    if (sharingGroupIds.length === 0) return;
    await this.tx.query(
      `DELETE FROM sharing_runs WHERE sharing_group_id = ANY($1::uuid[])
          AND day BETWEEN $2::date AND $3::date`,
      [sharingGroupIds, from, to],
    );
  }

  /** Stores runs and their pairs (the runs' days must have been deleted first). */
  async insert(runs: readonly SharingRun[], pairs: readonly EnginePairRow[]): Promise<void> {
    if (runs.length > 0) {
      await this.tx.query(
        `INSERT INTO sharing_runs (community_id, sharing_group_id, day, key_version_id, rounds, points, missed)
         SELECT $1::uuid, u.g, u.d, u.k, u.r, u.p, u.m
           FROM unnest($2::uuid[], $3::date[], $4::uuid[], $5::int2[], $6::text[], $7::int8[]) AS u(g, d, k, r, p, m)`,
        [
          this.tx.communityId,
          runs.map((run) => run.sharingGroupId),
          runs.map((run) => run.day),
          runs.map((run) => run.keyVersionId),
          runs.map((run) => run.rounds),
          runs.map((run) => run.points),
          runs.map((run) => run.missed),
        ],
      );
    }
    for (let start = 0; start < pairs.length; start += INSERT_BATCH) {
      const batch = pairs.slice(start, start + INSERT_BATCH);
      const packed = packBatch(batch.map((row) => row.data));
      await this.tx.query(
        `INSERT INTO engine_pair_readings
           (community_id, sharing_group_id, day, producer_point_id, consumer_point_id, basis_points, present, total, vals)
         SELECT $1::uuid, u.g, u.d, u.p, u.c, u.b, u.n, u.t, substring($9::bytea FROM u.o FOR u.l)
           FROM unnest($2::uuid[], $3::date[], $4::uuid[], $5::uuid[], $6::int4[], $7::int2[], $8::int8[], $10::int4[], $11::int4[])
             AS u(g, d, p, c, b, n, t, o, l)`,
        [
          this.tx.communityId,
          batch.map((row) => row.sharingGroupId),
          batch.map((row) => row.day),
          batch.map((row) => row.producerPointId),
          batch.map((row) => row.consumerPointId),
          batch.map((row) => row.basisPoints),
          packed.present,
          packed.totals,
          packed.values,
          packed.offsets,
          packed.lengths,
        ],
      );
    }
  }

  /** The stored runs of [from, to] (of the given groups, or all). */
  async runs(from: string, to: string, sharingGroupIds?: readonly string[]): Promise<SharingRun[]> {
    const rows: Array<{ g: string; d: string; k: string; r: number; p: string; m: string }> =
      await this.tx.query(
        `SELECT sharing_group_id AS g, day::text AS d, key_version_id AS k, rounds AS r, points AS p, missed AS m
         FROM sharing_runs
        WHERE day BETWEEN $1::date AND $2::date
          AND ($3::uuid[] IS NULL OR sharing_group_id = ANY($3::uuid[]))
        ORDER BY sharing_group_id, day`,
        [from, to, sharingGroupIds ?? null],
      );
    return rows.map((row) => ({
      sharingGroupId: row.g,
      day: row.d,
      keyVersionId: row.k,
      rounds: row.r,
      points: row.p,
      missed: Number(row.m),
    }));
  }

  /** The stored engine pairs of [from, to] (of the given consumers, or all), by day, consumer and producer. */
  async pairs(from: string, to: string, consumerPointIds?: readonly string[]): Promise<EnginePairRow[]> {
    const rows: Array<{ g: string; d: string; p: string; c: string; b: number; v: Buffer }> =
      await this.tx.query(
        `SELECT sharing_group_id AS g, day::text AS d, producer_point_id AS p, consumer_point_id AS c,
                basis_points AS b, vals AS v
           FROM engine_pair_readings
          WHERE day BETWEEN $1::date AND $2::date
            AND ($3::uuid[] IS NULL OR consumer_point_id = ANY($3::uuid[]))
          ORDER BY day, consumer_point_id, producer_point_id`,
        [from, to, consumerPointIds ?? null],
      );
    return rows.map((row) => ({
      sharingGroupId: row.g,
      day: row.d,
      producerPointId: row.p,
      consumerPointId: row.c,
      basisPoints: row.b,
      data: decodePackedDays(row.v, row.v.length / 4)[0] as PackedDay,
    }));
  }
}
