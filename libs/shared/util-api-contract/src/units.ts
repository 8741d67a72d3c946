import {
  formatCzk,
  type Halere,
  kwhFromJsonNumber,
  kwhToJsonNumber,
  type KwhHundredths,
  parseScaledDecimal,
} from '@sdilna/shared/domain-core';

/**
 * How numbers travel in JSON (contract.md): energy as a JSON number of kWh with at most 2 decimals (held as
 * integer hundredths on both sides), money as a string with 2 decimals (held as integer haléře).
 */

/** 128 hundredths → 1.28 (kWh, a JSON number). */
export function kwhToJson(hundredths: KwhHundredths): number {
  return kwhToJsonNumber(hundredths);
}

/** 1.28 (kWh from JSON) → 128 hundredths; more than 2 decimals is an error. */
export function kwhFromJson(value: number): KwhHundredths {
  return kwhFromJsonNumber(value);
}

/** Hundredths of a JSON kWh number that may be null (no data): null stays null. */
export function kwhHundredthsOrNull(value: number | null): KwhHundredths | null {
  return value === null ? null : kwhFromJsonNumber(value);
}

/** 123450 haléře → "1234.50" (money in JSON). */
export function moneyText(halere: Halere): string {
  return formatCzk(halere);
}

/** "1234.50" (money in JSON, a "." and at most 2 decimals) → 123450 haléře. */
export function halereFromMoneyText(text: string): Halere {
  return parseScaledDecimal(text, { scale: 2, separators: ['.'], allowNegative: true, what: 'amount' });
}

/** Haléře → Kč as a number for display arithmetic only (123450 → 1234.5); never for sums. */
export function kcFromHalere(halere: Halere): number {
  return halere / 100;
}
