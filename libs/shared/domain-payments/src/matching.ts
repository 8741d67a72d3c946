import type { Halere } from '@sdilna/shared/domain-core';

import type { BankEntry } from './bank-statement';
import { paymentOutcome, type DocumentSide, type PaymentOutcome } from './payment-status';

/** A document a statement entry may pay, with what it still owes before this statement. */
export interface MatchCandidate {
  readonly documentId: string;
  readonly variableSymbol: string;
  readonly side: DocumentSide;
  readonly outstanding: Halere;
}

export type EntryMatch =
  | { readonly kind: 'matched'; readonly documentId: string; readonly outcome: PaymentOutcome }
  | {
      readonly kind: 'unmatched';
      readonly reason: 'no-variable-symbol' | 'unknown-variable-symbol' | 'ambiguous' | 'currency';
    };

/**
 * Matches the entries of one statement, in order, to documents by variable symbol: money in pays a document the
 * community issued to a member (receivable), money out pays a producer's self-billed document (payable). The
 * amount decides the outcome against what the document still owes, and entries of the same statement count down
 * the same document. Anything else is left for the administrator to assign.
 */
export function matchEntries(
  entries: readonly BankEntry[],
  candidates: readonly MatchCandidate[],
): EntryMatch[] {
  const outstanding = new Map(candidates.map((candidate) => [candidate.documentId, candidate.outstanding]));
  return entries.map((entry) => {
    if (entry.currency !== 'CZK') return { kind: 'unmatched', reason: 'currency' };
    if (entry.variableSymbol === undefined) return { kind: 'unmatched', reason: 'no-variable-symbol' };
    const side = entry.direction === 'credit' ? 'receivable' : 'payable';
    const found = candidates.filter(
      (candidate) => candidate.variableSymbol === entry.variableSymbol && candidate.side === side,
    );
    if (found.length === 0) return { kind: 'unmatched', reason: 'unknown-variable-symbol' };
    if (found.length > 1) return { kind: 'unmatched', reason: 'ambiguous' };
    const documentId = (found[0] as MatchCandidate).documentId;
    const owed = outstanding.get(documentId) ?? 0;
    outstanding.set(documentId, owed - entry.amount);
    return { kind: 'matched', documentId, outcome: paymentOutcome(Math.max(0, owed), entry.amount) };
  });
}
