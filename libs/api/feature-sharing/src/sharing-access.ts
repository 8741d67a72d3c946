import type { RegisteredPoint } from '@sdilna/api/data-access-readings';
import type { Access } from '@sdilna/api/data-access-registry';
import { addDays, daysInRange } from '@sdilna/shared/domain-core';

import { SharingException } from './sharing.exception';

/** The points a caller may read: all for administrators, a member's own (an accountant's units) otherwise. */
export function visiblePoints(access: Access, points: readonly RegisteredPoint[]): RegisteredPoint[] {
  return access.isAdmin ? [...points] : points.filter((point) => access.visibleMemberIds.has(point.memberId));
}

/** Points registered on at least one day of [from, to]. */
export function pointsInPeriod(
  points: readonly RegisteredPoint[],
  from: string,
  to: string,
): RegisteredPoint[] {
  return points.filter((point) => point.validFrom <= to && (point.validTo === null || point.validTo >= from));
}

/** Narrows to one EAN; an EAN the caller cannot see answers 404 exactly like one that does not exist. */
export function selectEan(points: readonly RegisteredPoint[], ean: string | undefined): RegisteredPoint[] {
  if (ean === undefined) return [...points];
  const selected = points.filter((point) => point.ean === ean);
  if (selected.length === 0) {
    throw new SharingException('EAN_NOT_FOUND', `No metering point ${ean} visible to you in this community`);
  }
  return selected;
}

export function checkPeriod(from: string, to: string, maxDays: number, what: string): string[] {
  if (to < from) {
    throw new SharingException(
      'PERIOD_INVALID',
      `The period ends (to=${to}) before it starts (from=${from}); expected from ≤ to`,
    );
  }
  if (addDays(from, maxDays - 1) < to) {
    throw new SharingException(
      'PERIOD_INVALID',
      `The period ${from}..${to} is longer than ${maxDays} days, the limit for ${what}; ask for a shorter period`,
    );
  }
  return daysInRange(from, to);
}
