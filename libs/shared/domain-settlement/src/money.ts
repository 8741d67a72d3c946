import { formatCzk, formatCzkCs, parseScaledDecimal, type Halere } from '@sdilna/shared/domain-core';

/**
 * Money in this library is an integer of haléře (0.01 Kč) held in a JavaScript `number` that must stay a safe
 * integer. We keep `number` (not `bigint`) so amounts fit JSON, typed arrays and the domain-core `Halere` type;
 * every multiplication that could exceed 2^53 (energy × price) is done in `bigint` and checked on the way back.
 */
export type { Halere };

/** Amount as the API contract's money string: 123450 → "1234.50" (always two decimals, "." separator). */
export function formatCzkJson(value: Halere): string {
  return formatCzk(value);
}

/** Amount as Czech documents show it: 123450 → "1 234,50 Kč" (non-breaking spaces). */
export function formatCzkCzech(value: Halere): string {
  return formatCzkCs(value);
}

/** Amount without the currency, Czech style: 123450 → "1 234,50". */
export function formatCzkNumberCzech(value: Halere): string {
  return formatCzkCs(value).replace(/\u00a0Kč$/, '');
}

/**
 * Parses amounts typed by people or read from documents: "3.00", "3,00", "1 234,50 Kč", "-12,5", "1234".
 * Spaces (also non-breaking and thin) are accepted as thousands separators only; more than two decimals is an
 * error rather than a silent rounding, because the text is a statement of an exact amount.
 */
export function parseCzkText(text: string): Halere {
  const withoutCurrency = text
    .trim()
    .replace(/\s*(Kč|CZK)$/i, '')
    .trim();
  const withoutGroups = withoutCurrency.replace(/(?<=\d)[\s\u00a0\u202f](?=\d{3}(\D|$))/g, '');
  return parseScaledDecimal(withoutGroups, {
    scale: 2,
    separators: [',', '.'],
    allowNegative: true,
    what: 'amount',
  });
}

/** Rounds an exact fraction half away from zero ("round half up" for positive amounts, mirrored for credits). */
export function divideRoundHalfAwayFromZeroBig(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const remainder = magnitude - quotient * denominator;
  const rounded = remainder * 2n >= denominator ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/** Converts a bigint amount back to a `number`, refusing values that would lose precision. */
export function toSafeHalere(value: bigint): Halere {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${value} haléřů is beyond the exact range of a number`);
  }
  return Number(value);
}

export function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
}

export function sumAmounts(values: Iterable<Halere>): Halere {
  let total = 0;
  for (const value of values) total += value;
  assertSafeInteger(total, 'sum of amounts');
  return total;
}
