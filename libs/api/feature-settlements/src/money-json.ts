import { formatPricePerKwhNumber } from '@sdilna/shared/domain-settlement';
import { kwhToJson, moneyText } from '@sdilna/shared/util-api-contract';

/** Money in the HTTP contract: a string with 2 decimals ("1234.50"); the currency travels next to it. */
export function money(halere: number): string {
  return moneyText(halere);
}

export function amounts(totals: { net: number; vat: number; gross: number }): {
  net: string;
  vat: string;
  gross: string;
  currency: 'CZK';
} {
  return { net: money(totals.net), vat: money(totals.vat), gross: money(totals.gross), currency: 'CZK' };
}

export function kwh(hundredths: number): number {
  return kwhToJson(hundredths);
}

/** Price per kWh as a string with at least 2 decimals ("3.00", "4.56789"). */
export function pricePerKwh(pricePerMwh: number): string {
  return formatPricePerKwhNumber(pricePerMwh);
}

export function vatPercent(rateBasisPoints: number): number {
  return rateBasisPoints / 100;
}
