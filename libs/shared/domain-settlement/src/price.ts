import { parseScaledDecimal, type KwhHundredths } from '@sdilna/shared/domain-core';

import { divideRoundHalfAwayFromZeroBig, toSafeHalere, type Halere } from './money';

/**
 * A price of energy in haléře per MWh (integer). Both ways prices are quoted in Czech plans are exact in it:
 * 3.00 Kč/kWh = 300 000 h/MWh and 4 500 Kč/MWh = 450 000 h/MWh; even 4 567.89 Kč/MWh = 456 789 h/MWh, which
 * haléře per kWh (456.789) could not hold.
 */
export type PricePerMwh = number;

/** 0.01 kWh × (h/MWh) needs ÷ 100 (to kWh) ÷ 1000 (to MWh) to give haléře. */
const ENERGY_TIMES_PRICE_PER_HALER = 100_000n;

/** "3,00" or "3.5" Kč/kWh → h/MWh; up to 5 decimals (0.00001 Kč/kWh = 1 h/MWh) are exact. */
export function pricePerKwhFromText(text: string): PricePerMwh {
  return parseScaledDecimal(text.replace(/\s*Kč(\/kWh)?$/i, ''), {
    scale: 5,
    separators: [',', '.'],
    allowNegative: false,
    what: 'price per kWh',
  });
}

/** "4 500" or "4500,50" Kč/MWh → h/MWh; up to 2 decimals. */
export function pricePerMwhFromText(text: string): PricePerMwh {
  const compact = text.replace(/\s*Kč(\/MWh)?$/i, '').replace(/(?<=\d)[\s\u00a0\u202f](?=\d{3}(\D|$))/g, '');
  return parseScaledDecimal(compact, {
    scale: 2,
    separators: [',', '.'],
    allowNegative: false,
    what: 'price per MWh',
  });
}

/** Haléře per kWh (an integer such as 300 for 3.00 Kč/kWh) → h/MWh. */
export function pricePerMwhFromHalerePerKwh(halerePerKwh: number): PricePerMwh {
  return halerePerKwh * 1000;
}

/**
 * The price of an amount of energy, rounded ONCE, half away from zero, to whole haléře:
 * haléře = round(energy[0.01 kWh] × price[h/MWh] / 100 000) — the same as round(energy × price[h/kWh] / 100).
 * Computed in bigint so a year of a large plant at any price stays exact.
 */
export function amountForEnergy(energy: KwhHundredths, price: PricePerMwh): Halere {
  return toSafeHalere(
    divideRoundHalfAwayFromZeroBig(BigInt(energy) * BigInt(price), ENERGY_TIMES_PRICE_PER_HALER),
  );
}

/** The exact, unrounded value of energy × price in units of 1/100 000 haléře, for sums that round once later. */
export function exactEnergyValue(energy: KwhHundredths, price: PricePerMwh): bigint {
  return BigInt(energy) * BigInt(price);
}

/** Rounds a sum of `exactEnergyValue`s to haléře. */
export function roundExactEnergyValue(value: bigint): Halere {
  return toSafeHalere(divideRoundHalfAwayFromZeroBig(value, ENERGY_TIMES_PRICE_PER_HALER));
}

/** Price as a Czech per-kWh text with as many decimals as it needs (at least 2): 300000 → "3,00 Kč/kWh". */
export function formatPricePerKwhCzech(price: PricePerMwh): string {
  return `${formatPricePerKwhNumber(price, ',')}\u00a0Kč/kWh`;
}

/** Price per kWh as a plain decimal with "." or ",": 456789 → "4.56789"; 300000 → "3.00". */
export function formatPricePerKwhNumber(price: PricePerMwh, separator: '.' | ',' = '.'): string {
  const negative = price < 0;
  const digits = String(Math.abs(price)).padStart(6, '0');
  const whole = digits.slice(0, -5);
  let fraction = digits.slice(-5);
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${whole}${separator}${fraction}`;
}
