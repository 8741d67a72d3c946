import { addDays, type LocalDate } from '@sdilna/shared/domain-core';

import { formatDateCzech } from './czech-format';
import { summariseDocumentLines } from './document-totals';
import type { SettlementResult, SettlementLine } from './settlement-result';
import { COMMUNITY_PARTY_ID } from './settlement-result';
import type {
  DocumentKind,
  DocumentLine,
  DocumentParty,
  IsdocDocumentType,
  SettlementDocument,
} from './settlement-document';
import { SettlementError } from './settlement-error';

/** Series code and variable-symbol digit per document kind; communities may choose their own. */
export interface DocumentSeries {
  readonly series: string;
  readonly variableSymbolDigit: number;
}

export const DEFAULT_DOCUMENT_SERIES: Readonly<Record<DocumentKind, DocumentSeries>> = {
  invoice: { series: 'FV', variableSymbolDigit: 1 },
  'self-billed-invoice': { series: 'FS', variableSymbolDigit: 2 },
  'self-billed-credit-note': { series: 'VD', variableSymbolDigit: 3 },
  'internal-recharge': { series: 'PF', variableSymbolDigit: 4 },
  corrective: { series: 'OD', variableSymbolDigit: 5 },
};

export const DEFAULT_DUE_DAYS = 14;

export interface DocumentOptions {
  /** the issue date, chosen at finalising; never before the DUZP */
  readonly issueDate: LocalDate;
  /** DUZP; defaults to the last day of the period (the supply is complete then) */
  readonly taxPointDate?: LocalDate;
  readonly dueInDays?: number;
  /** parties by id: every member id that appears and COMMUNITY_PARTY_ID */
  readonly partyOf: (id: string) => DocumentParty;
  /** UUIDs for ISDOC; inject for deterministic tests */
  readonly newUuid?: () => string;
  readonly series?: Partial<Record<DocumentKind, DocumentSeries>>;
}

/**
 * Turns settlement lines into draft documents (without numbers): one document per kind, seller and buyer.
 * Lines are kept 1:1, so a document's total is the sum of its settlement lines.
 */
export function buildSettlementDocuments(
  result: Pick<SettlementResult, 'period' | 'lines'>,
  options: DocumentOptions,
): SettlementDocument[] {
  const groups = new Map<string, { kind: DocumentKind; lines: SettlementLine[] }>();
  for (const line of result.lines) {
    const kind = documentKindOf(line);
    const key = `${kind}|${line.issuerId}|${line.sellerId}|${line.buyerId}`;
    const group = groups.get(key) ?? { kind, lines: [] };
    group.lines.push(line);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ kind, lines }) => {
    const first = lines[0] as SettlementLine;
    const documentLines = lines.map((line, index): DocumentLine => ({
      lineNumber: index + 1,
      description: describeLine(kind, line, result.period),
      energy: line.energy,
      unitPrice: line.unitPrice,
      net: line.net,
      vatRate: line.vatRate,
      vat: line.vat,
      gross: line.gross,
      meteringPoints: line.meteringPoints,
      sourceLineId: line.id,
    }));
    return createDocument({
      kind,
      issuerId: first.issuerId,
      seller: options.partyOf(first.sellerId),
      buyer: options.partyOf(first.buyerId),
      lines: documentLines,
      period: result.period,
      // the run priced VAT with the seller's status on the DUZP; `documentPartyProblems` checks the party agrees
      vatApplicable: first.sellerVatPayer,
      options,
    });
  });
}

/** Assembles a document from priced lines, with dates, totals and the VAT summary. */
export function createDocument(input: {
  readonly kind: DocumentKind;
  readonly issuerId: string;
  readonly seller: DocumentParty;
  readonly buyer: DocumentParty;
  readonly lines: readonly DocumentLine[];
  readonly period: { readonly from: LocalDate; readonly to: LocalDate };
  readonly options: Omit<DocumentOptions, 'partyOf'>;
  readonly isdocDocumentType?: IsdocDocumentType;
  /** whether the seller charges VAT; defaults to the seller party's status */
  readonly vatApplicable?: boolean;
  readonly corrects?: SettlementDocument['corrects'];
  readonly note?: string;
}): SettlementDocument {
  const { options } = input;
  if (input.lines.length === 0)
    throw new SettlementError('INVALID_DOCUMENT', 'a document needs at least one line');
  const vatApplicable = input.vatApplicable ?? input.seller.vatPayer;
  for (const line of input.lines) {
    if (!vatApplicable && line.vatRate !== 0) {
      throw new SettlementError(
        'INVALID_DOCUMENT',
        `${input.seller.name} is not a VAT payer but line ${line.lineNumber} has VAT`,
      );
    }
  }
  const { vatSummary, totals } = summariseDocumentLines(input.lines);
  const series = { ...DEFAULT_DOCUMENT_SERIES, ...options.series }[input.kind];
  const taxPointDate = options.taxPointDate ?? input.period.to;
  if (options.issueDate < taxPointDate && input.kind !== 'corrective') {
    throw new SettlementError(
      'ISSUE_DATE_BEFORE_TAX_POINT',
      `the issue date ${options.issueDate} is before the DUZP ${taxPointDate}`,
    );
  }
  const newUuid = options.newUuid ?? (() => globalThis.crypto.randomUUID());
  return {
    uuid: newUuid(),
    kind: input.kind,
    // every kind but a correction is an invoice: a self-billed payout corrects nothing (issue 20)
    isdocDocumentType: input.isdocDocumentType ?? 1,
    issuerId: input.issuerId,
    series: series.series,
    issueDate: options.issueDate,
    taxPointDate,
    dueDate: addDays(options.issueDate, options.dueInDays ?? DEFAULT_DUE_DAYS),
    period: input.period,
    seller: input.seller,
    buyer: input.buyer,
    vatApplicable,
    currency: 'CZK',
    lines: input.lines,
    vatSummary,
    totals,
    ...(input.corrects ? { corrects: input.corrects } : {}),
    ...(input.note !== undefined ? { note: input.note } : {}),
  };
}

/** Czech title printed on the document. */
export function documentTitle(
  document: Pick<SettlementDocument, 'kind' | 'vatApplicable' | 'isdocDocumentType'>,
): string {
  switch (document.kind) {
    case 'invoice':
      return document.vatApplicable ? 'Faktura – daňový doklad' : 'Faktura – nejde o daňový doklad';
    case 'self-billed-invoice':
      return 'Faktura – daňový doklad vystavený odběratelem';
    case 'self-billed-credit-note':
      return 'Faktura vystavená odběratelem – nejde o daňový doklad';
    case 'internal-recharge':
      return document.vatApplicable
        ? 'Vnitřní přefakturace – daňový doklad'
        : 'Vnitřní přefakturace – nejde o daňový doklad';
    case 'corrective':
      return document.isdocDocumentType === 3 ? 'Opravný doklad – vrubopis' : 'Opravný doklad – dobropis';
  }
}

/** Whether a document is a tax document (daňový doklad): its seller charges VAT, or it corrects one that did. */
export function isTaxDocument(document: Pick<SettlementDocument, 'vatApplicable'>): boolean {
  return document.vatApplicable;
}

/**
 * The statements a document must carry besides its title, in Czech: who issued a self-billed document and on which
 * agreement (§ 28 odst. 3 ZDPH), and why a document without VAT is not a tax document. The PDF prints them and
 * ISDOC carries them in its note.
 */
export function documentStatements(
  document: Pick<SettlementDocument, 'kind' | 'vatApplicable' | 'seller'> & {
    readonly corrects?: SettlementDocument['corrects'];
    readonly issuerId?: string;
  },
): string[] {
  const statements: string[] = [];
  if (isSelfBilled(document)) {
    const agreedOn = document.seller.selfBillingAgreedOn;
    statements.push(
      `Vystaveno odběratelem (§ 28 odst. 3 ZDPH)${agreedOn ? ` na základě dohody ze dne ${formatDateCzech(agreedOn)}` : ''}.`,
    );
  }
  if (!document.vatApplicable) {
    statements.push(
      document.kind === 'internal-recharge'
        ? 'Nejde o daňový doklad: vnitřní přefakturace, prodávající není plátcem DPH.'
        : 'Nejde o daňový doklad: prodávající není plátcem DPH.',
    );
  }
  return statements;
}

/**
 * The document is issued by its buyer on the seller's behalf (§28(3)): a self-billed document, or the correction of
 * one (the community issues it, the producer is its seller).
 */
export function isSelfBilled(
  document: Pick<SettlementDocument, 'kind' | 'seller'> & { readonly issuerId?: string },
): boolean {
  if (document.kind === 'self-billed-invoice' || document.kind === 'self-billed-credit-note') return true;
  return (
    document.kind === 'corrective' &&
    document.issuerId !== undefined &&
    document.issuerId !== document.seller.id
  );
}

function documentKindOf(line: SettlementLine): DocumentKind {
  switch (line.channel) {
    case 'internal':
      return 'internal-recharge';
    case 'direct':
      return 'invoice';
    case 'community':
      if (line.sellerId === COMMUNITY_PARTY_ID) return 'invoice';
      return line.sellerVatPayer ? 'self-billed-invoice' : 'self-billed-credit-note';
  }
}

function describeLine(
  kind: DocumentKind,
  line: SettlementLine,
  period: { from: LocalDate; to: LocalDate },
): string {
  const what =
    kind === 'internal-recharge'
      ? 'Přefakturace sdílené elektřiny'
      : line.producerMemberId !== undefined && line.consumerMemberId === undefined
        ? 'Dodávka sdílené elektřiny do společenství'
        : 'Sdílená elektřina';
  const band = line.bandLabel ? `, ${line.bandLabel}` : '';
  return `${what}${band}, ${formatDateCzech(period.from)} – ${formatDateCzech(period.to)}`;
}
