import { formatScaledDecimal, parseScaledDecimal, parseScaledJsonNumber } from './decimal-text';

/**
 * Energy is an integer of 0.01 kWh (EDC data resolution) and keys are integers of 0.01 % (basis points).
 * The type aliases document intent; they are plain numbers so typed arrays can hold them.
 */
export type KwhHundredths = number;
export type BasisPoints = number;

export const HUNDREDTHS_PER_KWH = 100;
export const FULL_KEY_BASIS_POINTS = 10_000;

/** "1,28" → 128, "-3,07" → -307, "12,5" → 1250, "0" → 0 (EDC text: decimal comma, 0–2 decimals). */
export function parseKwhText(text: string): KwhHundredths {
  return parseScaledDecimal(text, { scale: 2, separators: [','], allowNegative: true, what: 'energy' });
}

/** kWh from a JSON number (API bodies): 1.28 → 128; more than 2 decimals is an error. */
export function kwhFromJsonNumber(value: number): KwhHundredths {
  return parseScaledJsonNumber(value, { scale: 2, allowNegative: true, what: 'energy' });
}

/** kWh as a JSON number for API answers: 128 → 1.28 (a division by 100 gives the shortest decimal back). */
export function kwhToJsonNumber(value: KwhHundredths): number {
  return value / HUNDREDTHS_PER_KWH;
}

/** EDC style: decimal comma, trailing zeros dropped but at least one decimal (0 → "0,0", 128 → "1,28"). */
export function formatKwhEdc(value: KwhHundredths): string {
  // Called once per cell when writing exports (millions of times), hence integer arithmetic instead of padding.
  if (!Number.isSafeInteger(value)) return formatScaledDecimal(value, 2, ',', 1);
  const magnitude = value < 0 ? -value : value;
  const whole = Math.floor(magnitude / 100);
  const fraction = magnitude - whole * 100;
  const decimals =
    fraction % 10 === 0 ? String(fraction / 10) : fraction < 10 ? `0${fraction}` : String(fraction);
  return `${value < 0 ? '-' : ''}${whole},${decimals}`;
}

/** Fixed two decimals with a decimal comma (0 → "0,00", 150 → "1,50"), the CLI contract's output style. */
export function formatKwhFixed(value: KwhHundredths): string {
  if (!Number.isSafeInteger(value)) return formatScaledDecimal(value, 2, ',');
  const magnitude = value < 0 ? -value : value;
  const whole = Math.floor(magnitude / 100);
  const fraction = magnitude - whole * 100;
  return `${value < 0 ? '-' : ''}${whole},${fraction < 10 ? `0${fraction}` : fraction}`;
}

/** Percent from a JSON number: 3.5 → 350 bp, 9 → 900 bp; rejects more than 2 decimals and values outside 0..100. */
export function basisPointsFromPercent(percent: number): BasisPoints {
  const bp = parseScaledJsonNumber(percent, { scale: 2, allowNegative: false, what: 'percent' });
  if (bp > FULL_KEY_BASIS_POINTS) throw new RangeError(`percent ${percent} is over 100`);
  return bp;
}

/** Percent text with "." or "," ("3,5" → 350). */
export function basisPointsFromPercentText(text: string): BasisPoints {
  const bp = parseScaledDecimal(text, {
    scale: 2,
    separators: ['.', ','],
    allowNegative: false,
    what: 'percent',
  });
  if (bp > FULL_KEY_BASIS_POINTS) throw new RangeError(`percent ${text} is over 100`);
  return bp;
}

/** 350 bp → 3.5 (a JSON number for the key file). */
export function basisPointsToPercent(bp: BasisPoints): number {
  return bp / 100;
}
