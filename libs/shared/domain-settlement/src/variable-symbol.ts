import { SettlementError } from './settlement-error';

/** Czech variable symbol: 1–10 digits (banks drop leading zeros, so we never start with one). */
export function isValidVariableSymbol(text: string): boolean {
  return /^[1-9]\d{0,9}$/.test(text);
}

/**
 * Variable symbol of a document: one digit for the series, two for the year and six for the sequence, e.g. series
 * digit 1, FV-2026-000123 → "126000123". Nine digits stay within the 10-digit limit and are unique across
 * series of one issuer, so a payment can be matched to its document from the symbol alone.
 */
export function variableSymbolFor(seriesDigit: number, year: number, sequence: number): string {
  if (!Number.isInteger(seriesDigit) || seriesDigit < 1 || seriesDigit > 9) {
    throw new SettlementError('INVALID_NUMBERING', `series digit ${seriesDigit} must be 1..9`);
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new SettlementError('INVALID_NUMBERING', `sequence ${sequence} does not fit a variable symbol`);
  }
  return `${seriesDigit}${String(year % 100).padStart(2, '0')}${String(sequence).padStart(6, '0')}`;
}
