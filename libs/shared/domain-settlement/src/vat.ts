import { divideRoundHalfAwayFromZeroBig, toSafeHalere, type Halere } from './money';

/** VAT rate in basis points: 21 % = 2100. Rates change by law, so they travel with price lists, never as constants. */
export type VatRateBasisPoints = number;

/** Czech standard rate, used only as the default of a new price list. */
export const DEFAULT_VAT_RATE_BASIS_POINTS: VatRateBasisPoints = 2100;

/**
 * VAT of one document line: round(net × rate / 10 000) half away from zero to whole haléře.
 *
 * We compute VAT per line (not per rate summary) so that every line carries its own VAT, the summary per rate is
 * the plain sum of its lines and the document total equals the sum of the lines to the haléř; a corrective
 * document that negates a line negates exactly its VAT. Czech law (§ 37 ZDPH) allows this "per line" method;
 * the differences to the per-summary method are at most half a haléř per line.
 */
export function vatForLine(net: Halere, rate: VatRateBasisPoints): Halere {
  if (!Number.isSafeInteger(rate) || rate < 0) throw new RangeError(`VAT rate ${rate} bp is not valid`);
  return toSafeHalere(divideRoundHalfAwayFromZeroBig(BigInt(net) * BigInt(rate), 10_000n));
}

/** "21" or "21,5" % → basis points; exact. */
export function vatRateFromPercent(percent: number): VatRateBasisPoints {
  const bp = Math.round(percent * 100);
  if (Math.abs(bp - percent * 100) > 1e-9 || bp < 0)
    throw new RangeError(`VAT rate ${percent} % is not exact`);
  return bp;
}

/** 2100 → "21"; 1250 → "12.5" (ISDOC and CSV want plain decimals). */
export function vatRatePercentText(rate: VatRateBasisPoints, separator: '.' | ',' = '.'): string {
  const whole = Math.trunc(rate / 100);
  const fraction = String(rate % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}${separator}${fraction}` : String(whole);
}
