import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import { aboAccountOf, writeAbo, writePain001, type PayoutOrder } from './payout-order';

const ORDER: PayoutOrder = {
  messageId: 'SDILNA-PAYOUT-1',
  createdAt: '2026-03-20T08:00:00.000Z',
  executionDate: '2026-03-23',
  debtorName: 'Komunitní energie Lomnice',
  debtorIban: 'CZ6508000000192000145399',
  items: [
    {
      documentId: 'd1',
      documentNumber: 'SF-2026-000001',
      variableSymbol: '326000001',
      creditorName: 'Jiří Šťastný',
      creditorIban: 'CZ5508000000001234567899',
      amount: 123450,
    },
    {
      documentId: 'd2',
      documentNumber: 'SD-2026-000002',
      variableSymbol: '426000002',
      creditorName: 'FVE Horní',
      creditorIban: 'CZ6508000000192000145399',
      amount: 50,
    },
  ],
};

describe('writePain001', () => {
  it('writes a well-formed pain.001.001.03 with the control sum, the accounts, amounts and variable symbols', () => {
    const xml = writePain001(ORDER);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"');
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as {
      Document: { CstmrCdtTrfInitn: { GrpHdr: Record<string, string>; PmtInf: Record<string, unknown> } };
    };
    const initiation = parsed.Document.CstmrCdtTrfInitn;
    expect(initiation.GrpHdr).toMatchObject({
      NbOfTxs: '2',
      CtrlSum: '1235.00',
      CreDtTm: '2026-03-20T08:00:00',
    });
    const transfers = initiation.PmtInf['CdtTrfTxInf'] as Array<Record<string, Record<string, unknown>>>;
    expect(transfers[0]?.['PmtId']).toEqual({ InstrId: 'SF-2026-000001', EndToEndId: '/VS326000001' });
    expect(transfers[0]?.['Amt']).toEqual({ InstdAmt: { '#text': '1234.50', '@_Ccy': 'CZK' } });
    expect(transfers[0]?.['Cdtr']).toEqual({ Nm: 'Jiri Stastny' });
    expect(transfers[1]?.['CdtrAcct']).toEqual({ Id: { IBAN: 'CZ6508000000192000145399' } });
    expect(initiation.PmtInf['DbtrAgt']).toEqual({ FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } });
  });
});

describe('writeAbo', () => {
  it('writes the UHL1 header, a 1501 file with one group and one line per payment, CRLF', () => {
    const abo = writeAbo(ORDER);
    const lines = abo.split('\r\n');
    expect(lines[0]).toMatch(/^UHL1200326Komunitni energie Lo0000000000001999000000000000$/);
    expect(lines[1]).toBe('1 1501 001001 0800');
    expect(lines[2]).toBe('2 19-2000145399 00000000123500 230326');
    expect(lines[3]).toBe('1234567899 123450 326000001 08000000 0 AV:SF-2026-000001');
    expect(lines[4]).toBe('19-2000145399 50 426000002 08000000 0 AV:SD-2026-000002');
    expect(lines.slice(5)).toEqual(['3 +', '5 +', '']);
  });

  it('refuses a foreign IBAN, which ABO cannot carry', () => {
    expect(aboAccountOf('DE89370400440532013000')).toBeUndefined();
    expect(() =>
      writeAbo({ ...ORDER, items: [{ ...ORDER.items[0]!, creditorIban: 'DE89370400440532013000' }] }),
    ).toThrow(/not a Czech IBAN/);
    expect(() => writeAbo({ ...ORDER, debtorIban: 'DE89370400440532013000' })).toThrow(/not Czech/);
  });
});
