import { Injectable } from '@nestjs/common';
import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import {
  PairReadingsStore,
  ReadingsStore,
  RegistryReader,
  type RegisteredPoint,
} from '@sdilna/api/data-access-readings';
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
      const { count, rows } = await tx.store(ReadingsStore).discrepancies({
        from: query.from,
        to: query.to,
        ...(selected === undefined ? {} : { pointIds: selected }),
        limit,
        offset,
      });
      return {
        total: selected === undefined ? groupDays.reduce((sum, day) => sum + day.discrepancies, 0) : count,
        stored: count,
        limit,
        offset,
        items: rows.map((row) => {
          const point = byId.get(row.pointId);
          return {
            ean: point?.ean ?? '',
            role: point?.role ?? 'consumption',
            start: row.intervalStart.toISOString(),
            date: row.day,
            edcSharedKwh: kwhToJsonNumber(row.edcShared),
            computedSharedKwh: kwhToJsonNumber(row.computedShared),
            differenceKwh: kwhToJsonNumber(row.edcShared - row.computedShared),
            keyId: row.keyId,
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
      const { count, rows } = await tx.store(PairReadingsStore).discrepancies({
        from: query.from,
        to: query.to,
        ...(selected === undefined ? {} : { pointIds: selected }),
        limit,
        offset,
      });
      return {
        total: count,
        limit,
        offset,
        items: rows.map((row) => ({
          producerEan: byId.get(row.producerPointId)?.ean ?? '',
          consumerEan: byId.get(row.consumerPointId)?.ean ?? '',
          start: row.intervalStart.toISOString(),
          date: row.day,
          edcSharedKwh: kwhToJsonNumber(row.edcShared),
          computedSharedKwh: kwhToJsonNumber(row.computedShared),
          differenceKwh: kwhToJsonNumber(row.edcShared - row.computedShared),
          keyId: row.keyId,
        })),
      };
    });
  }
}
