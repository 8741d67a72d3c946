import { formatScaledDecimal, parseScaledDecimal } from './decimal-text';
import type { KwhHundredths } from './energy';

/** Money is an integer of haléře (0.01 Kč); rounding happens once, at the invoice line (domain.md §6). */
export type Halere = number;

/** "12,50", "12.5" or "1250" → haléře. */
export function parseCzk(text: string): Halere {
  return parseScaledDecimal(text, { scale: 2, separators: [',', '.'], allowNegative: true, what: 'amount' });
}

/** 1250 → "12.50" (the API's money strings). */
export function formatCzk(value: Halere): string {
  return formatScaledDecimal(value, 2, '.');
}

/** 123456 → "1 234,56 Kč" with a non-breaking space as thousands separator, as Czech documents show it. */
export function formatCzkCs(value: Halere): string {
  const plain = formatScaledDecimal(value, 2, ',');
  const [integerPart = '', fraction = ''] = plain.split(',');
  const grouped = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${grouped},${fraction}\u00a0Kč`;
}

/** Divides an exact integer product and rounds half away from zero (commercial rounding). */
export function divideRoundHalfAwayFromZero(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`exact integer division needs safe integers, got ${numerator}/${denominator}`);
  }
  const magnitude = Math.abs(numerator);
  const quotient = Math.floor(magnitude / denominator);
  const remainder = magnitude - quotient * denominator;
  const rounded = remainder * 2 >= denominator ? quotient + 1 : quotient;
  return numerator < 0 ? -rounded : rounded;
}

/**
 * Price of an amount of energy: hundredths of kWh × price in hundredths of a haléř per kWh (so 4 500 Kč/MWh =
 * 4.50 Kč/kWh = 45 000), rounded once to haléře.
 */
export function priceEnergy(energy: KwhHundredths, pricePerKwhCentiHalere: number): Halere {
  return divideRoundHalfAwayFromZero(energy * pricePerKwhCentiHalere, 10_000);
}

/** VAT on a net amount with the rate in basis points (21 % = 2100). */
export function vatOf(net: Halere, rateBasisPoints: number): Halere {
  return divideRoundHalfAwayFromZero(net * rateBasisPoints, 10_000);
}

export function sumHalere(values: readonly Halere[]): Halere {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
