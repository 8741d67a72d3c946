import type { KwhHundredths } from '@sdilna/shared/domain-core';

import type { Halere } from './money';
import { amountForEnergy, type PricePerMwh } from './price';
import type { AmountTotals } from './settlement-result';
import type { DocumentLine, VatSummaryRow } from './settlement-document';
import { vatForLine, type VatRateBasisPoints } from './vat';

/** Prices one document line: net rounded once from energy × price, VAT rounded once from net. */
export function priceDocumentLine(input: {
  readonly lineNumber: number;
  readonly description: string;
  readonly energy: KwhHundredths;
  readonly unitPrice: PricePerMwh;
  readonly vatRate: VatRateBasisPoints;
  readonly meteringPoints?: readonly string[];
  readonly sourceLineId?: string;
}): DocumentLine {
  const net = amountForEnergy(input.energy, input.unitPrice);
  const vat = vatForLine(net, input.vatRate);
  return { ...input, net, vat, gross: net + vat };
}

/**
 * VAT summary per rate and document totals as plain sums of the lines, so the document total equals the sum of
 * its lines to the haléř by construction (VAT is rounded per line, see `vatForLine`). Rates descend, as Czech
 * documents list them.
 */
export function summariseDocumentLines(lines: readonly DocumentLine[]): {
  vatSummary: VatSummaryRow[];
  totals: AmountTotals;
} {
  const byRate = new Map<VatRateBasisPoints, { net: Halere; vat: Halere; gross: Halere }>();
  let net = 0;
  let vat = 0;
  let gross = 0;
  for (const line of lines) {
    if (line.gross !== line.net + line.vat)
      throw new RangeError(`line ${line.lineNumber}: gross ≠ net + VAT`);
    const row = byRate.get(line.vatRate) ?? { net: 0, vat: 0, gross: 0 };
    row.net += line.net;
    row.vat += line.vat;
    row.gross += line.gross;
    byRate.set(line.vatRate, row);
    net += line.net;
    vat += line.vat;
    gross += line.gross;
  }
  const vatSummary = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([vatRate, row]) => ({ vatRate, ...row }));
  return { vatSummary, totals: { net, vat, gross } };
}
