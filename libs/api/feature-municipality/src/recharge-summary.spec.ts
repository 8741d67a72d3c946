import { describe, expect, it } from 'vitest';

import type { RechargeDocumentRecord } from '@sdilna/api/data-access-settlement';
import type { DocumentLine, SettlementDocument } from '@sdilna/shared/domain-settlement';
import { Workbook } from 'exceljs';

import { rechargesCsv, rechargesXlsx } from './recharge-export';
import { monthRange } from './recharge-months';
import { summariseRecharges } from './recharge-summary';

const TOWN = 'town';

function line(energy: number, net: number, vat: number): DocumentLine {
  return {
    lineNumber: 1,
    description: 'x',
    energy,
    unitPrice: 3000,
    net,
    vatRate: 2100,
    vat,
    gross: net + vat,
  };
}

function record(
  id: string,
  options: {
    seller: string;
    buyer: string;
    month: string;
    lines: DocumentLine[];
    kind?: 'corrective';
    issueDate?: string;
    name?: string;
  },
): RechargeDocumentRecord {
  const party = (partyId: string) => ({
    id: partyId,
    name: partyId === TOWN ? 'Obec' : (options.name ?? partyId),
    vatPayer: true,
  });
  const totals = options.lines.reduce(
    (sum, l) => ({ net: sum.net + l.net, vat: sum.vat + l.vat, gross: sum.gross + l.gross }),
    { net: 0, vat: 0, gross: 0 },
  );
  return {
    id,
    kind: options.kind ?? 'internal-recharge',
    number: `PF-${id}`,
    issueDate: options.issueDate ?? `${options.month}-28`,
    periodFrom: `${options.month}-01`,
    periodTo: `${options.month}-28`,
    sellerId: options.seller,
    buyerId: options.buyer,
    document: {
      seller: party(options.seller),
      buyer: party(options.buyer),
      lines: options.lines,
      totals,
    } as unknown as SettlementDocument,
  };
}

describe('summariseRecharges', () => {
  const records = [
    record('1', {
      seller: TOWN,
      buyer: 'school',
      month: '2026-06',
      lines: [line(135627, 406881, 85445), line(133, 399, 84)],
    }),
    record('2', {
      seller: 'plant',
      buyer: TOWN,
      month: '2026-06',
      lines: [line(1001, 3003, 631)],
      name: 'ČOV',
    }),
    record('3', { seller: TOWN, buyer: 'school', month: '2026-07', lines: [line(5, 15, 3)] }),
    record('4', {
      seller: TOWN,
      buyer: 'school',
      month: '2026-06',
      kind: 'corrective',
      issueDate: '2026-08-02',
      name: 'Škola (nový název)',
      lines: [line(-133, -399, -84)],
    }),
  ];

  it('sums every row, month and the total from the lines, corrections included, to the haléř', () => {
    const summary = summariseRecharges(TOWN, records);
    expect(summary.months.map((m) => m.month)).toEqual(['2026-06', '2026-07']);
    const june = summary.months[0]!;
    expect(june.rows.map((r) => [r.unitId, r.direction, r.documents.length])).toEqual([
      ['plant', 'from-unit', 1],
      ['school', 'to-unit', 2],
    ]);
    const school = june.rows[1]!;
    expect(school).toMatchObject({ energy: 135627, net: 406881, vat: 85445, gross: 492326 });
    // the correction's newer document names the unit
    expect(school.unitName).toBe('Škola (nový název)');
    expect(june).toMatchObject({ energy: 136628, net: 409884, vat: 86076 });
    expect(summary.totals).toEqual({ energy: 136633, net: 409899, vat: 86079, gross: 495978 });
  });

  it('refuses a document whose lines do not add up to its totals', () => {
    const broken = record('9', { seller: TOWN, buyer: 'school', month: '2026-06', lines: [line(1, 3, 1)] });
    const tampered = { ...broken, document: { ...broken.document, totals: { net: 4, vat: 1, gross: 5 } } };
    expect(() => summariseRecharges(TOWN, [tampered])).toThrow(/PF-9/);
  });

  it('exports the same figures as CSV and XLSX', async () => {
    const summary = summariseRecharges(TOWN, records);
    const csv = rechargesCsv(summary);
    expect(csv.startsWith('\uFEFFMěsíc;Od;Do;')).toBe(true);
    expect(csv).toContain(
      'červen 2026;01.06.2026;30.06.2026;Škola (nový název);;obec účtuje jednotce;PF-1 PF-4;1356,27;4068,81;854,45;4923,26',
    );
    expect(csv).toContain('Celkem;;;;;;;1366,33;4098,99;860,79;4959,78\r\n');
    const workbook = new Workbook();
    // exceljs types its input as an ArrayBuffer-like Buffer of its own; a copy's ArrayBuffer is what it reads
    await workbook.xlsx.load(new Uint8Array(await rechargesXlsx(summary, 'Obec')).buffer);
    const sheet = workbook.getWorksheet('Přefakturace')!;
    expect(sheet.getRow(3).getCell(4).value).toBe('Škola (nový název)');
    expect(sheet.getRow(3).getCell(9).value).toBe(4068.81);
    expect(sheet.getRow(5).getCell(11).value).toBe(4959.78);
    expect(workbook.getWorksheet('Doklady')!.rowCount).toBe(5);
  });

  it('keeps a formula out of a CSV cell', () => {
    const evil = record('5', {
      seller: TOWN,
      buyer: 'x',
      month: '2026-06',
      lines: [line(1, 3, 1)],
      name: '=HYPERLINK("x")',
    });
    expect(rechargesCsv(summariseRecharges(TOWN, [evil]))).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('monthRange', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');

  it('defaults to the twelve months up to the newest month with recharges', () => {
    expect(monthRange(undefined, undefined, { now, newest: '2025-11' })).toMatchObject({
      from: '2024-12',
      to: '2025-11',
    });
  });

  it('defaults to the twelve months up to the current Prague month when there are none', () => {
    expect(monthRange(undefined, undefined, { now })).toEqual({
      from: '2026-01',
      to: '2026-12',
      fromDay: '2026-01-01',
      beforeDay: '2027-01-01',
    });
    expect(monthRange('2025-11', undefined, { now }).to).toBe('2026-10');
    expect(monthRange(undefined, '2026-03', { now }).from).toBe('2025-04');
  });

  it('names the parameter and the expected form of a bad month', () => {
    expect(() => monthRange('2026-13', undefined, { now })).toThrow(
      /"from" is "2026-13"; expected a month as YYYY-MM/,
    );
    expect(() => monthRange(undefined, '10/2026', { now })).toThrow(/"to" is "10\/2026"/);
    expect(() => monthRange('2026-10', '2026-09', { now })).toThrow(/after "to"/);
    expect(() => monthRange('2010-01', '2026-09', { now })).toThrow(/at most 120/);
  });
});
