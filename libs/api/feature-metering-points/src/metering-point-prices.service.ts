import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import {
  mappingDatabaseErrors,
  MeteringPointPriceEntity,
  PG_EXCLUSION_VIOLATION,
  RegistryUseCase,
} from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
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
      if (input.validTo !== undefined && input.validTo < input.validFrom)
        throw new MeteringPointsException('INVALID_PERIOD', 'validTo is before validFrom');
      const row: MeteringPointPriceEntity = {
        communityId: tx.communityId,
        id: randomUUID(),
        meteringPointId: pointId,
        kind: input.kind,
        priceCentiHalerePerKwh: parsePrice(input.pricePerKwh),
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
      };
      await mappingDatabaseErrors(
        () => tx.manager.insert(MeteringPointPriceEntity, row),
        (info) =>
          info.code === PG_EXCLUSION_VIOLATION
            ? new MeteringPointsException(
                'PRICE_PERIOD_OVERLAP',
                `The point already has a ${input.kind} price in this period`,
              )
            : undefined,
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
