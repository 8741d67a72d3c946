import { describe, expect, it } from 'vitest';

import { issueDocuments } from './document-issuing';
import { assignRevisions, buildRevisionCorrection, memberRevisions, revisedLines } from './revision';
import { settlePeriod } from './settle-period';
import { buildSettlementDocuments } from './settlement-documents';
import { COMMUNITY_PARTY_ID } from './settlement-result';
import {
  aConsumer,
  aFlatPriceList,
  aPair,
  aProducer,
  aSettlementInput,
  intervalsOf,
  partiesFor,
  sequentialUuids,
} from './test-community';

const june = intervalsOf('2026-06-01', '2026-06-30');
const producer = aProducer('p', { vatStatus: 'non-payer' });
const a = aConsumer('a');
const b = aConsumer('b');
const members = [producer, a, b];

/** June settled with `aEnergy` and `bEnergy` (0.01 kWh) shared to consumers a and b at 3.00 Kč/kWh + 21 % VAT. */
function settled(aEnergy: number, bEnergy: number, price = 300_000) {
  return settlePeriod(
    aSettlementInput({
      members,
      priceLists: [aFlatPriceList(price)],
      sharing: {
        ...june,
        pairs: [
          aPair(producer.ean, a.ean, june.intervalCount, { 0: aEnergy }),
          aPair(producer.ean, b.ean, june.intervalCount, { 5: bEnergy }),
        ],
      },
    }),
  );
}

function issued(result: ReturnType<typeof settled>) {
  const drafts = buildSettlementDocuments(result, {
    issueDate: '2026-07-05',
    partyOf: partiesFor(members),
    newUuid: sequentialUuids(),
  });
  return issueDocuments(drafts, new Map()).documents;
}

describe('revisions of a settled month', () => {
  it('finds only the lines whose figures changed, and the members they touch', () => {
    const before = settled(10_000, 5_000);
    expect(revisedLines(before.lines, settled(10_000, 5_000).lines)).toEqual([]);

    const revisions = revisedLines(before.lines, settled(10_000, 4_000).lines);
    // b's invoice line and the producer's self-billing line; a is untouched
    expect(revisions.map((r) => [r.before?.buyerId, r.before?.sellerId])).toEqual(
      expect.arrayContaining([
        ['b', COMMUNITY_PARTY_ID],
        [COMMUNITY_PARTY_ID, 'p'],
      ]),
    );
    expect(revisions).toHaveLength(2);
    expect(memberRevisions(revisions)).toEqual([
      // b pays 10 kWh × 3 Kč + 21 % VAT less; the producer (no VAT) is paid 30 Kč less, so "pays" +30
      { memberId: 'b', deltaEnergy: -1_000, deltaAmount: -3_630 },
      { memberId: 'p', deltaEnergy: -1_000, deltaAmount: 3_000 },
    ]);
  });

  it('issues one corrective document per affected document, with the difference per line to the haléř', () => {
    const before = settled(10_000, 5_000);
    const documents = issued(before);
    const revisions = revisedLines(before.lines, settled(10_000, 5_123).lines);
    const { corrections, uncovered } = assignRevisions(revisions, documents);
    expect(uncovered).toEqual([]);
    expect(corrections.map((c) => c.original.buyer.id).sort()).toEqual(['b', COMMUNITY_PARTY_ID]);

    const invoiceOfB = corrections.find((c) => c.original.buyer.id === 'b');
    const correction = buildRevisionCorrection(
      invoiceOfB?.original ?? documents[0]!,
      invoiceOfB?.revisions ?? [],
      { reason: 'Opravená data EDC', issueDate: '2026-08-10', newUuid: sequentialUuids() },
    );
    // 1.23 kWh × 3.00 Kč = 3.69 Kč net, 0.77 Kč VAT (21 %, rounded per line as the invoices are)
    const oldLine = before.lines.find((l) => l.buyerId === 'b')!;
    const newLine = settled(10_000, 5_123).lines.find((l) => l.buyerId === 'b')!;
    expect(correction.lines).toHaveLength(1);
    expect(correction.lines[0]).toMatchObject({
      energy: 123,
      unitPrice: 300_000,
      net: newLine.net - oldLine.net,
      vat: newLine.vat - oldLine.vat,
      gross: newLine.gross - oldLine.gross,
    });
    expect(correction.lines[0]?.net).toBe(369);
    expect(correction.totals.gross).toBe(newLine.gross - oldLine.gross);
    expect(correction).toMatchObject({
      kind: 'corrective',
      isdocDocumentType: 3, // more to pay: a debit note
      issuerId: invoiceOfB?.original.issuerId,
      corrects: {
        number: invoiceOfB?.original.number,
        issueDate: '2026-07-05',
        taxPointDate: '2026-06-30',
        reason: 'Opravená data EDC',
      },
    });
    expect(correction.lines[0]?.description).toContain('původně 50,00 kWh, nově 51,23 kWh');
  });

  it('credits a lower figure and reverses and re-bills a line whose price changed', () => {
    const before = settled(10_000, 5_000);
    const documents = issued(before);
    const lower = assignRevisions(revisedLines(before.lines, settled(9_000, 5_000).lines), documents);
    const ofA = lower.corrections.find((c) => c.original.buyer.id === 'a')!;
    const credit = buildRevisionCorrection(ofA.original, ofA.revisions, {
      reason: 'x',
      issueDate: '2026-08-10',
    });
    expect(credit.isdocDocumentType).toBe(2);
    expect(credit.totals.net).toBe(-3_000);

    const repriced = assignRevisions(
      revisedLines(before.lines, settled(10_000, 5_000, 250_000).lines),
      documents,
    );
    const ofB = repriced.corrections.find((c) => c.original.buyer.id === 'b')!;
    const rebilled = buildRevisionCorrection(ofB.original, ofB.revisions, {
      reason: 'Opravený ceník',
      issueDate: '2026-08-10',
    });
    expect(rebilled.lines.map((line) => [line.energy, line.unitPrice, line.net])).toEqual([
      [-5_000, 300_000, -15_000],
      [5_000, 250_000, 12_500],
    ]);
    expect(rebilled.totals.net).toBe(-2_500);
  });

  it('leaves lines of a pair without any document to a new regular document', () => {
    const c = aConsumer('c');
    const before = settled(10_000, 5_000);
    const after = settlePeriod(
      aSettlementInput({
        members: [...members, c],
        sharing: {
          ...june,
          pairs: [
            aPair(producer.ean, a.ean, june.intervalCount, { 0: 10_000 }),
            aPair(producer.ean, b.ean, june.intervalCount, { 5: 5_000 }),
            aPair(producer.ean, c.ean, june.intervalCount, { 7: 100 }),
          ],
        },
      }),
    );
    const { corrections, uncovered } = assignRevisions(
      revisedLines(before.lines, after.lines),
      issued(before),
    );
    expect(uncovered.map((r) => r.after?.buyerId)).toEqual(['c']);
    expect(corrections.map((x) => x.original.seller.id)).toEqual(['p']);
  });

  it('corrects a municipality’s internal recharge like an invoice, issued and numbered by the municipality', () => {
    const town = aProducer('obec', { kind: 'municipality', vatStatus: 'non-payer', name: 'Obec Lomnice' });
    const school = aConsumer('zs', { kind: 'municipal-unit', parentMemberId: 'obec', name: 'ZŠ Lomnice' });
    const hall = aConsumer('hala', { kind: 'municipal-unit', parentMemberId: 'obec', name: 'Hala' });
    const month = (schoolEnergy: number) =>
      settlePeriod(
        aSettlementInput({
          members: [town, school, hall],
          sharing: {
            ...june,
            pairs: [
              aPair(town.ean, school.ean, june.intervalCount, { 0: schoolEnergy }),
              aPair(town.ean, hall.ean, june.intervalCount, { 2: 2_000 }),
            ],
          },
        }),
      );
    const before = month(1_500);
    const documents = issueDocuments(
      buildSettlementDocuments(before, {
        issueDate: '2026-07-05',
        partyOf: partiesFor([town, school, hall]),
        newUuid: sequentialUuids(),
      }),
      new Map(),
    ).documents;
    const { corrections, uncovered } = assignRevisions(
      revisedLines(before.lines, month(1_400).lines),
      documents,
    );
    expect(uncovered).toEqual([]);
    expect(corrections).toHaveLength(1);
    const [only] = corrections;
    expect(only?.original).toMatchObject({ kind: 'internal-recharge', buyer: { id: 'zs' } });
    const correction = buildRevisionCorrection(only!.original, only!.revisions, {
      reason: 'Opravená data EDC',
      issueDate: '2026-08-10',
    });
    expect(correction).toMatchObject({
      kind: 'corrective',
      issuerId: 'obec',
      isdocDocumentType: 2,
      totals: { net: -300, vat: 0, gross: -300 },
    });
    expect(issueDocuments([correction], new Map()).documents[0]?.number).toMatch(/^OD-2026-000001$/);
  });

  it('refuses to correct a draft or with nothing changed', () => {
    const before = settled(10_000, 5_000);
    const draft = buildSettlementDocuments(before, {
      issueDate: '2026-07-05',
      partyOf: partiesFor(members),
    })[0]!;
    expect(() => buildRevisionCorrection(draft, [], { reason: 'x', issueDate: '2026-08-01' })).toThrow(
      /issued/,
    );
    const documents = issued(before);
    expect(() =>
      buildRevisionCorrection(documents[0]!, [], { reason: 'x', issueDate: '2026-08-01' }),
    ).toThrow(/nothing changed/);
  });
});
