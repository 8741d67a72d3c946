import { assignDocumentNumbers } from './document-numbering';
import type { SettlementDocument } from './settlement-document';
import { DEFAULT_DOCUMENT_SERIES, type DocumentSeries } from './settlement-documents';
import type { DocumentKind } from './settlement-document';
import { variableSymbolFor } from './variable-symbol';

/**
 * Finalises drafts: numbers each (issuer, series, year) sequence on from `lastSequences` without gaps and derives
 * the variable symbol from the number. The caller persists the documents and the returned `lastSequences` in one
 * transaction; re-running with the same input gives the same numbers.
 */
export function issueDocuments(
  drafts: readonly SettlementDocument[],
  lastSequences: ReadonlyMap<string, number>,
  series: Partial<Record<DocumentKind, DocumentSeries>> = {},
): { documents: SettlementDocument[]; lastSequences: Map<string, number> } {
  const config = { ...DEFAULT_DOCUMENT_SERIES, ...series };
  const digitOfSeries = new Map(
    Object.values(config).map((entry) => [entry.series, entry.variableSymbolDigit]),
  );
  const numbered = assignDocumentNumbers(drafts, lastSequences);
  const documents = numbered.documents.map(({ sequence, ...document }): SettlementDocument => {
    const digit = digitOfSeries.get(document.series) ?? 9;
    return {
      ...document,
      variableSymbol: variableSymbolFor(digit, Number(document.issueDate.slice(0, 4)), sequence),
    };
  });
  return { documents, lastSequences: numbered.lastSequences };
}
