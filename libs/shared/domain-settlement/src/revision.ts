import type { LocalDate } from '@sdilna/shared/domain-core';

import { formatDateCzech } from './czech-format';
import type { Halere } from './money';
import type { DocumentLine, SettlementDocument } from './settlement-document';
import { createDocument, type DocumentSeries } from './settlement-documents';
import { SettlementError } from './settlement-error';
import { COMMUNITY_PARTY_ID, type SettlementLine } from './settlement-result';

/**
 * One settlement line whose settled figures differ from what the current data give. `before` is the line as the
 * month was last settled (undefined: the line is new), `after` as it is now (undefined: it is gone).
 */
export interface LineRevision {
  readonly lineId: string;
  readonly before?: SettlementLine;
  readonly after?: SettlementLine;
}

/** What a revision changes for one member: energy of its lines and what it pays (negative: pays less or gets more). */
export interface MemberRevision {
  readonly memberId: string;
  readonly deltaEnergy: number;
  readonly deltaAmount: Halere;
}

/**
 * The lines whose energy, price or amounts differ between the settled month and a settlement of the current
 * data, ordered by line id. Lines are matched by their deterministic id (producer, consumer, band, price list).
 */
export function revisedLines(
  settled: readonly SettlementLine[],
  current: readonly SettlementLine[],
): LineRevision[] {
  const before = new Map(settled.map((line) => [line.id, line]));
  const after = new Map(current.map((line) => [line.id, line]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const revisions: LineRevision[] = [];
  for (const lineId of ids) {
    const b = before.get(lineId);
    const a = after.get(lineId);
    if (b && a && sameFigures(b, a)) continue;
    revisions.push({ lineId, ...(b ? { before: b } : {}), ...(a ? { after: a } : {}) });
  }
  return revisions;
}

function sameFigures(a: SettlementLine, b: SettlementLine): boolean {
  return (
    a.energy === b.energy &&
    a.unitPrice === b.unitPrice &&
    a.vatRate === b.vatRate &&
    a.net === b.net &&
    a.vat === b.vat &&
    a.gross === b.gross &&
    a.sellerId === b.sellerId &&
    a.buyerId === b.buyerId &&
    a.issuerId === b.issuerId
  );
}

/**
 * Per member (never the community itself) the change of the energy on its lines and of what it pays: Σ gross
 * change where it buys minus Σ gross change where it sells. Ordered by member id.
 */
export function memberRevisions(revisions: readonly LineRevision[]): MemberRevision[] {
  const byMember = new Map<string, { deltaEnergy: number; deltaAmount: number }>();
  const add = (memberId: string, energy: number, amount: number): void => {
    if (memberId === COMMUNITY_PARTY_ID) return;
    const entry = byMember.get(memberId) ?? { deltaEnergy: 0, deltaAmount: 0 };
    entry.deltaEnergy += energy;
    entry.deltaAmount += amount;
    byMember.set(memberId, entry);
  };
  for (const revision of revisions) {
    const line = (revision.after ?? revision.before) as SettlementLine;
    const energy = (revision.after?.energy ?? 0) - (revision.before?.energy ?? 0);
    const gross = (revision.after?.gross ?? 0) - (revision.before?.gross ?? 0);
    add(line.buyerId, energy, gross);
    if (line.sellerId !== line.buyerId) add(line.sellerId, energy, -gross);
  }
  return [...byMember.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([memberId, entry]) => ({ memberId, ...entry }));
}

/**
 * Which issued document each revised line belongs to: the document that carries the line (its `sourceLineId`),
 * else the document of the same issuer, seller and buyer (a line new to an existing invoice). Lines of a
 * seller–buyer pair without any document are `uncovered`: they are billed with a new regular document.
 */
export function assignRevisions(
  revisions: readonly LineRevision[],
  documents: readonly SettlementDocument[],
): {
  corrections: Array<{ original: SettlementDocument; revisions: LineRevision[] }>;
  uncovered: LineRevision[];
} {
  const byLine = new Map<string, SettlementDocument>();
  const byParties = new Map<string, SettlementDocument>();
  for (const document of documents) {
    if (document.kind === 'corrective') continue;
    byParties.set(`${document.issuerId}|${document.seller.id}|${document.buyer.id}`, document);
    for (const line of document.lines) if (line.sourceLineId) byLine.set(line.sourceLineId, document);
  }
  const corrections = new Map<string, { original: SettlementDocument; revisions: LineRevision[] }>();
  const uncovered: LineRevision[] = [];
  for (const revision of revisions) {
    const line = (revision.after ?? revision.before) as SettlementLine;
    const original =
      byLine.get(revision.lineId) ?? byParties.get(`${line.issuerId}|${line.sellerId}|${line.buyerId}`);
    if (!original) {
      uncovered.push(revision);
      continue;
    }
    const entry = corrections.get(original.uuid) ?? { original, revisions: [] };
    entry.revisions.push(revision);
    corrections.set(original.uuid, entry);
  }
  return { corrections: [...corrections.values()], uncovered };
}

/**
 * The corrective tax document (opravný daňový doklad, §45 of the VAT act) that bills a revision of an issued
 * document: it names the original (number, issue date, DUZP) and the reason, and lists the difference per line.
 * A line whose price and VAT rate stayed is one line of the energy and amount differences; a line whose price
 * changed is reversed and billed anew, so every line reads quantity × price. Its totals are exactly
 * Σ after − Σ before. ISDOC type 2 (credit note) when the difference is not positive, 3 (debit note) when it is.
 */
export function buildRevisionCorrection(
  original: SettlementDocument,
  revisions: readonly LineRevision[],
  input: {
    readonly reason: string;
    readonly issueDate: LocalDate;
    readonly dueInDays?: number;
    readonly newUuid?: () => string;
    readonly series?: DocumentSeries;
  },
): SettlementDocument {
  if (original.number === undefined)
    throw new SettlementError('INVALID_DOCUMENT', 'only an issued (numbered) document can be corrected');
  if (original.kind === 'corrective')
    throw new SettlementError(
      'INVALID_DOCUMENT',
      'a correction corrects its original, not another correction',
    );
  if (input.reason.trim() === '')
    throw new SettlementError('INVALID_DOCUMENT', 'a correction needs a reason');
  if (revisions.length === 0)
    throw new SettlementError('INVALID_DOCUMENT', `nothing changed on ${original.number}`);
  const descriptionOf = new Map(
    original.lines.flatMap((line) => (line.sourceLineId ? [[line.sourceLineId, line.description]] : [])),
  );
  // differences first, then reversed lines, then lines billed anew: a reader sees what was taken back first
  const changed: Omit<DocumentLine, 'lineNumber'>[] = [];
  const reversed: Omit<DocumentLine, 'lineNumber'>[] = [];
  const added: Omit<DocumentLine, 'lineNumber'>[] = [];
  for (const revision of revisions) {
    const { before, after } = revision;
    const description =
      descriptionOf.get(revision.lineId) ?? describeLine(after ?? (before as SettlementLine), original);
    if (before && after && before.unitPrice === after.unitPrice && before.vatRate === after.vatRate) {
      changed.push({
        description: `Oprava: ${description} (původně ${kwhText(before.energy)} kWh, nově ${kwhText(after.energy)} kWh)`,
        energy: after.energy - before.energy,
        unitPrice: after.unitPrice,
        net: after.net - before.net,
        vatRate: after.vatRate,
        vat: after.vat - before.vat,
        gross: after.gross - before.gross,
        meteringPoints: after.meteringPoints,
        sourceLineId: revision.lineId,
      });
      continue;
    }
    if (before) {
      reversed.push({
        description: `Storno: ${description}`,
        energy: -before.energy,
        unitPrice: before.unitPrice,
        net: -before.net,
        vatRate: before.vatRate,
        vat: -before.vat,
        gross: -before.gross,
        meteringPoints: before.meteringPoints,
        sourceLineId: revision.lineId,
      });
    }
    if (after) {
      added.push({
        description: `Nově: ${description}`,
        energy: after.energy,
        unitPrice: after.unitPrice,
        net: after.net,
        vatRate: after.vatRate,
        vat: after.vat,
        gross: after.gross,
        meteringPoints: after.meteringPoints,
        sourceLineId: revision.lineId,
      });
    }
  }
  const numbered = [...changed, ...reversed, ...added].map((line, index) => ({
    ...line,
    lineNumber: index + 1,
  }));
  const difference = numbered.reduce((sum, line) => sum + line.gross, 0);
  return createDocument({
    kind: 'corrective',
    issuerId: original.issuerId,
    seller: original.seller,
    buyer: original.buyer,
    lines: numbered,
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
    note: `Opravný daňový doklad k dokladu ${original.number} (DUZP ${formatDateCzech(original.taxPointDate)}): ${input.reason}`,
    options: {
      issueDate: input.issueDate,
      // DUZP of a correction is the day the correcting fact is known and the document issued (§42 odst. 2)
      taxPointDate: input.issueDate,
      ...(input.dueInDays !== undefined ? { dueInDays: input.dueInDays } : {}),
      ...(input.newUuid ? { newUuid: input.newUuid } : {}),
      ...(input.series ? { series: { corrective: input.series } } : {}),
    },
  });
}

function describeLine(line: SettlementLine, original: SettlementDocument): string {
  const band = line.bandLabel ? `, ${line.bandLabel}` : '';
  return `Sdílená elektřina${band}, ${formatDateCzech(original.period.from)} – ${formatDateCzech(original.period.to)}`;
}

function kwhText(energy: number): string {
  return (energy / 100).toFixed(2).replace('.', ',');
}
