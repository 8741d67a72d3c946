import type { IsdocDocumentType, SettlementDocument } from '@sdilna/shared/domain-settlement';

/** §28(3) of the VAT act: the statement a document issued by the buyer on the seller's behalf carries. */
export const SELF_BILLING_STATEMENT = 'Vystaveno odběratelem (samofakturace podle § 28 odst. 3 zákona o DPH)';

/** A document that is not a tax document (§28): the seller charges no VAT on it. */
export const NON_TAX_STATEMENT = 'Nejde o daňový doklad.';

/** An internal recharge within one legal person (a municipality and its organisational units). */
export const INTERNAL_RECHARGE_STATEMENT =
  'Vnitřní přefakturace v rámci jedné účetní jednotky, nejde o daňový doklad.';

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

/** The document is issued by its buyer on the seller's behalf (§28(3)). */
export function isSelfBilled(document: Pick<SettlementDocument, 'kind' | 'issuerId' | 'seller'>): boolean {
  if (document.kind === 'self-billed-invoice' || document.kind === 'self-billed-credit-note') return true;
  return document.kind === 'corrective' && document.issuerId !== document.seller.id;
}

/**
 * The statements ISDOC's `Note` carries besides the document's own note or correction reason: self-billing
 * and, on documents without VAT, that they are not tax documents.
 */
export function isdocStatements(
  document: Pick<SettlementDocument, 'kind' | 'issuerId' | 'seller' | 'vatApplicable'>,
): string[] {
  const statements: string[] = [];
  if (isSelfBilled(document)) statements.push(SELF_BILLING_STATEMENT);
  if (document.kind === 'internal-recharge') statements.push(INTERNAL_RECHARGE_STATEMENT);
  else if (!document.vatApplicable) statements.push(NON_TAX_STATEMENT);
  return statements;
}
