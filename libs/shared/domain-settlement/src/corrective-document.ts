import type { LocalDate } from '@sdilna/shared/domain-core';

import type { DocumentLine, SettlementDocument } from './settlement-document';
import { createDocument, type DocumentSeries } from './settlement-documents';
import { SettlementError } from './settlement-error';

/**
 * A corrective tax document (opravný daňový doklad) for an issued document. Issued documents never change, so a
 * correction lists every original line negated ("storno") followed by the lines as they should have been; its
 * totals are the difference. Omitting `correctedLines` cancels the original completely.
 * ISDOC type 2 (credit note) when the difference is not positive, 3 (debit note) when it is.
 */
export function buildCorrectiveDocument(
  original: SettlementDocument,
  input: {
    readonly reason: string;
    readonly issueDate: LocalDate;
    /** DUZP of the correction; defaults to its issue date (the day the correcting fact is known) */
    readonly taxPointDate?: LocalDate;
    readonly correctedLines?: readonly Omit<DocumentLine, 'lineNumber'>[];
    readonly dueInDays?: number;
    readonly newUuid?: () => string;
    readonly series?: DocumentSeries;
  },
): SettlementDocument {
  if (original.number === undefined) {
    throw new SettlementError('INVALID_DOCUMENT', 'only an issued (numbered) document can be corrected');
  }
  if (input.reason.trim() === '')
    throw new SettlementError('INVALID_DOCUMENT', 'a correction needs a reason');
  const reversed = original.lines.map((line) => ({
    ...line,
    description: `Storno: ${line.description}`,
    energy: -line.energy,
    net: -line.net,
    vat: -line.vat,
    gross: -line.gross,
  }));
  const lines = [...reversed, ...(input.correctedLines ?? [])].map((line, index) => ({
    ...line,
    lineNumber: index + 1,
  }));
  const difference = lines.reduce((sum, line) => sum + line.gross, 0);
  return createDocument({
    kind: 'corrective',
    issuerId: original.issuerId,
    seller: original.seller,
    buyer: original.buyer,
    lines,
    period: original.period,
    isdocDocumentType: difference > 0 ? 3 : 2,
    vatApplicable: original.vatApplicable,
    corrects: {
      number: original.number,
      issueDate: original.issueDate,
      taxPointDate: original.taxPointDate,
      uuid: original.uuid,
      reason: input.reason,
    },
    note: `Oprava dokladu ${original.number}: ${input.reason}`,
    options: {
      issueDate: input.issueDate,
      taxPointDate: input.taxPointDate ?? input.issueDate,
      ...(input.dueInDays !== undefined ? { dueInDays: input.dueInDays } : {}),
      ...(input.newUuid ? { newUuid: input.newUuid } : {}),
      ...(input.series ? { series: { corrective: input.series } } : {}),
    },
  });
}
