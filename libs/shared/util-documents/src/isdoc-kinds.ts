import type { IsdocDocumentType, SettlementDocument } from '@sdilna/shared/domain-settlement';

/**
 * ISDOC `DocumentType` of a document, by what it is rather than what was stored with it:
 * - a corrective document is a credit note (2) when it lowers what the buyer owes and a debit note (3) when it
 *   raises it (§45: "opravný daňový doklad"); only these carry `OriginalDocumentReference`;
 * - every other kind is an invoice (1): a self-billed payout of a producer who is not a VAT payer corrects
 *   nothing (it is the producer's claim for the month, issued by the community as the buyer), so it is an
 *   invoice issued by the buyer, not a credit note. Documents stored before this rule said 2 for those; the
 *   writer ignores the stored value for every kind but corrective.
 */
export function isdocDocumentTypeOf(
  document: Pick<SettlementDocument, 'kind' | 'isdocDocumentType' | 'totals'>,
): IsdocDocumentType {
  if (document.kind !== 'corrective') return 1;
  if (document.isdocDocumentType === 2 || document.isdocDocumentType === 3) return document.isdocDocumentType;
  return document.totals.gross > 0 ? 3 : 2;
}
