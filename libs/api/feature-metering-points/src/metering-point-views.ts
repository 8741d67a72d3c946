import type { MeteringPointEntity, MeteringPointPriceEntity } from '@sdilna/api/data-access-registry';
import { formatScaledDecimal } from '@sdilna/shared/domain-core';

import type { MeteringPointView, PriceView } from './dtos/metering-point.dto';

export function toPointView(point: MeteringPointEntity): MeteringPointView {
  return {
    id: point.id,
    ean: point.ean,
    role: point.role,
    memberId: point.memberId,
    sharingGroupId: point.sharingGroupId,
    validFrom: point.validFrom,
    validTo: point.validTo,
    label: point.label,
  };
}

export function toPriceView(price: MeteringPointPriceEntity): PriceView {
  return {
    id: price.id,
    kind: price.kind,
    // Stored in hundredths of a haléř per kWh: 4 decimals of Kč, shown with at least 2.
    pricePerKwh: formatScaledDecimal(price.priceCentiHalerePerKwh, 4, '.', 2),
    currency: 'CZK',
    validFrom: price.validFrom,
    validTo: price.validTo,
  };
}
