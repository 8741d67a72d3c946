import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import {
  checkPeriod,
  daysBetweenEnds,
  mappingDatabaseErrors,
  MeteringPointPriceEntity,
  PeriodChangeStore,
  PG_EXCLUSION_VIOLATION,
  RegistryUseCase,
} from '@sdilna/api/data-access-registry';
import type { TenantTransaction } from '@sdilna/api/data-access-db';
import type { Principal } from '@sdilna/api/util-auth';
import type { ClosePeriodDto } from '@sdilna/api/util-registry';
import { parseScaledDecimal } from '@sdilna/shared/domain-core';

import type { CreatePriceDto, PriceView } from './dtos/metering-point.dto';
import { toPriceView } from './metering-point-views';
import { MeteringPointsException } from './metering-points.exception';
import { MeteringPointsService } from './metering-points.service';

/** The dated prices of a metering point: a consumption point's supplier energy price, a production point's feed-in. */
@Injectable()
export class MeteringPointPricesService {
  constructor(
    private readonly registry: RegistryUseCase,
    private readonly points: MeteringPointsService,
  ) {}

  async list(principal: Principal, communityId: string, pointId: string): Promise<PriceView[]> {
    return this.registry.read(principal, communityId, async (tx, access) => {
      await this.points.findVisible(tx, access, pointId);
      const prices = await tx.manager.find(MeteringPointPriceEntity, {
        where: { meteringPointId: pointId },
        order: { validFrom: 'ASC' },
      });
      return prices.map(toPriceView);
    });
  }

  async add(
    principal: Principal,
    communityId: string,
    pointId: string,
    input: CreatePriceDto,
  ): Promise<PriceView> {
    return this.registry.change(principal, communityId, async (tx, access) => {
      const point = await this.points.findVisible(tx, access, pointId);
      const expected = point.role === 'consumption' ? 'supplier-energy' : 'feed-in';
      if (input.kind !== expected) {
        throw new MeteringPointsException(
          'PRICE_KIND_MISMATCH',
          `A ${point.role} point has a ${expected} price, not ${input.kind}`,
        );
      }
      checkPeriod(`${input.kind} price`, input.validFrom, input.validTo);
      await tx.store(PeriodChangeStore).apply({
        what: `${input.kind} price from ${input.validFrom}`,
        days: [{ from: input.validFrom, to: input.validTo ?? null }],
        affects: 'prices',
        ...(input.asCorrection !== undefined ? { asCorrection: input.asCorrection } : {}),
      });
      const row: MeteringPointPriceEntity = {
        communityId: tx.communityId,
        id: randomUUID(),
        meteringPointId: pointId,
        kind: input.kind,
        priceCentiHalerePerKwh: parsePrice(input.pricePerKwh),
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
      };
      await this.refuseOverlap(tx, row);
      await mappingDatabaseErrors(
        () => tx.manager.insert(MeteringPointPriceEntity, row),
        overlapError(row.kind),
      );
      const view = toPriceView(row);
      await this.registry.record(tx, access, {
        action: 'create',
        entity: 'metering-point-price',
        entityId: row.id,
        after: view,
      });
      return view;
    });
  }

  /**
   * Ends a price period (or moves its end; null: open-ended again) so the next price can start the day after.
   * The days between the two ends change price: refused over a month with final documents.
   */
  async close(
    principal: Principal,
    communityId: string,
    pointId: string,
    priceId: string,
    input: ClosePeriodDto,
  ): Promise<PriceView> {
    return this.registry.change(principal, communityId, async (tx, access) => {
      await this.points.findVisible(tx, access, pointId);
      const before = await tx.manager.findOne(MeteringPointPriceEntity, {
        where: { id: priceId, meteringPointId: pointId },
      });
      if (!before) throw new MeteringPointsException('PRICE_NOT_FOUND', 'No such price of this point');
      checkPeriod(`${before.kind} price`, before.validFrom, input.validTo);
      await tx.store(PeriodChangeStore).apply({
        what: `ending the ${before.kind} price from ${before.validFrom} on ${input.validTo ?? 'no day (open-ended)'}`,
        days: daysBetweenEnds(before.validTo, input.validTo),
        affects: 'prices',
        ...(input.asCorrection !== undefined ? { asCorrection: input.asCorrection } : {}),
      });
      const after: MeteringPointPriceEntity = { ...before, validTo: input.validTo };
      await this.refuseOverlap(tx, after);
      await mappingDatabaseErrors(
        () => tx.manager.update(MeteringPointPriceEntity, { id: priceId }, { validTo: input.validTo }),
        overlapError(before.kind),
      );
      const view = toPriceView(after);
      await this.registry.record(tx, access, {
        action: 'update',
        entity: 'metering-point-price',
        entityId: priceId,
        before: toPriceView(before),
        after: view,
      });
      return view;
    });
  }

  /**
   * 409 naming the price periods in the way, before the write (a failed statement would end the transaction);
   * the exclusion constraint still settles a race. Periods are inclusive: one ending on the 14th and the next
   * starting on the 15th do not overlap.
   */
  private async refuseOverlap(tx: TenantTransaction, row: MeteringPointPriceEntity): Promise<void> {
    const inWay = (
      await tx.manager.find(MeteringPointPriceEntity, {
        where: { meteringPointId: row.meteringPointId, kind: row.kind },
        order: { validFrom: 'ASC' },
      })
    ).filter(
      (price) =>
        price.id !== row.id &&
        (row.validTo === null || price.validFrom <= row.validTo) &&
        (price.validTo === null || price.validTo >= row.validFrom),
    );
    if (inWay.length === 0) return;
    throw new MeteringPointsException(
      'PRICE_PERIOD_OVERLAP',
      `The point already has a ${row.kind} price on some of these days: ${inWay
        .map((price) => `${price.validFrom}..${price.validTo ?? 'open'}`)
        .join(', ')}; end it first (PATCH …/prices/:priceId { "validTo" })`,
      { prices: inWay.map(toPriceView) },
    );
  }
}

function overlapError(kind: string) {
  return (info: { code: string }) =>
    info.code === PG_EXCLUSION_VIOLATION
      ? new MeteringPointsException(
          'PRICE_PERIOD_OVERLAP',
          `The point already has a ${kind} price on some of these days`,
        )
      : undefined;
}

/** Kč per kWh with up to 4 decimals, as hundredths of a haléř. */
function parsePrice(text: string): number {
  try {
    return parseScaledDecimal(text, {
      scale: 4,
      separators: ['.'],
      allowNegative: false,
      what: 'pricePerKwh',
    });
  } catch (error) {
    throw new MeteringPointsException(
      'INVALID_PRICE',
      error instanceof Error ? error.message : 'pricePerKwh is not a price',
    );
  }
}
