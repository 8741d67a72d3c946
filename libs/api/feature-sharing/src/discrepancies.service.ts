import { Injectable } from '@nestjs/common';
import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { ReadingsStore, RegistryReader, type RegisteredPoint } from '@sdilna/api/data-access-readings';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { kwhToJsonNumber } from '@sdilna/shared/domain-core';

import type {
  DiscrepancyPageView,
  DiscrepancyQueryDto,
  PairDiscrepancyPageView,
} from './dtos/discrepancy.dto';
import { checkPeriod, selectEan } from './sharing-access';

interface DiscrepancyPage {
  readonly selected: string[] | undefined;
  readonly byId: ReadonlyMap<string, RegisteredPoint>;
  readonly limit: number;
  readonly offset: number;
}

/** GET .../discrepancies: where EDC's sharing differs from the engine with the registered key (administrators). */
@Injectable()
export class DiscrepanciesService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
  ) {}

  /**
   * The steps both lists share: the period's bound, paging defaults, administrators only, the registry by id and
   * the points an `ean` selects (undefined: all), in one tenant transaction.
   */
  private page<T>(
    principal: Principal,
    communityId: string,
    query: DiscrepancyQueryDto,
    body: (tx: TenantTransaction, page: DiscrepancyPage) => Promise<T>,
  ): Promise<T> {
    checkPeriod(query.from, query.to, 400, 'discrepancies');
    const limit = query.limit ?? 200;
    const offset = query.offset ?? 0;
    return this.db.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolve(tx.manager, communityId, principal));
      const points = await tx.store(RegistryReader).points();
      const selected =
        query.ean === undefined ? undefined : selectEan(points, query.ean).map((point) => point.id);
      const byId = new Map(points.map((point) => [point.id, point]));
      return body(tx, { selected, byId, limit, offset });
    });
  }

  async list(
    principal: Principal,
    communityId: string,
    query: DiscrepancyQueryDto,
  ): Promise<DiscrepancyPageView> {
    return this.page(principal, communityId, query, async (tx, { selected, byId, limit, offset }) => {
      const groupDays = await tx.store(ReadingsStore).loadGroupDays(query.from, query.to, 'computed');
      const filter = [query.from, query.to, selected ?? null];
      const [{ count }] = (await tx.query(
        `SELECT count(*)::int AS count FROM reading_discrepancies
          WHERE day BETWEEN $1::date AND $2::date AND ($3::uuid[] IS NULL OR metering_point_id = ANY($3::uuid[]))`,
        filter,
      )) as [{ count: number }];
      const rows: Array<{ p: string; i: Date; d: string; e: number; c: number; k: string | null }> =
        await tx.query(
          `SELECT metering_point_id AS p, interval_start AS i, day::text AS d, edc_shared AS e, computed_shared AS c, key_id AS k
           FROM reading_discrepancies
          WHERE day BETWEEN $1::date AND $2::date AND ($3::uuid[] IS NULL OR metering_point_id = ANY($3::uuid[]))
          ORDER BY interval_start, metering_point_id LIMIT $4 OFFSET $5`,
          [...filter, limit, offset],
        );
      return {
        total: selected === undefined ? groupDays.reduce((sum, day) => sum + day.discrepancies, 0) : count,
        stored: count,
        limit,
        offset,
        items: rows.map((row) => {
          const point = byId.get(row.p);
          return {
            ean: point?.ean ?? '',
            role: point?.role ?? 'consumption',
            start: row.i.toISOString(),
            date: row.d,
            edcSharedKwh: kwhToJsonNumber(row.e),
            computedSharedKwh: kwhToJsonNumber(row.c),
            differenceKwh: kwhToJsonNumber(row.e - row.c),
            keyId: row.k,
          };
        }),
      };
    });
  }

  /**
   * GET .../discrepancies/pairs: where EDC's pair report differs from the engine's pair results (administrators).
   * `ean` selects the pairs in which that EAN is the producer or the consumer.
   */
  async pairs(
    principal: Principal,
    communityId: string,
    query: DiscrepancyQueryDto,
  ): Promise<PairDiscrepancyPageView> {
    return this.page(principal, communityId, query, async (tx, { selected, byId, limit, offset }) => {
      const filter = [query.from, query.to, selected ?? null];
      const where = `day BETWEEN $1::date AND $2::date
        AND ($3::uuid[] IS NULL OR producer_point_id = ANY($3::uuid[]) OR consumer_point_id = ANY($3::uuid[]))`;
      const [{ count }] = (await tx.query(
        `SELECT count(*)::int AS count FROM pair_discrepancies WHERE ${where}`,
        filter,
      )) as [{ count: number }];
      const rows: Array<{
        p: string;
        c: string;
        i: Date;
        d: string;
        e: number;
        s: number;
        k: string | null;
      }> = await tx.query(
        `SELECT producer_point_id AS p, consumer_point_id AS c, interval_start AS i, day::text AS d,
                  edc_shared AS e, computed_shared AS s, key_id AS k
             FROM pair_discrepancies WHERE ${where}
            ORDER BY interval_start, consumer_point_id, producer_point_id LIMIT $4 OFFSET $5`,
        [...filter, limit, offset],
      );
      return {
        total: count,
        limit,
        offset,
        items: rows.map((row) => ({
          producerEan: byId.get(row.p)?.ean ?? '',
          consumerEan: byId.get(row.c)?.ean ?? '',
          start: row.i.toISOString(),
          date: row.d,
          edcSharedKwh: kwhToJsonNumber(row.e),
          computedSharedKwh: kwhToJsonNumber(row.s),
          differenceKwh: kwhToJsonNumber(row.e - row.s),
          keyId: row.k,
        })),
      };
    });
  }
}
