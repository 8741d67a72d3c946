import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { StatementError } from './bank-statement';
import { parseCamt053 } from './camt053';

const FIXTURE = readFileSync(
  join(__dirname, '../../../../test/fixtures/payments/camt053-statement.xml'),
  'utf8',
);

function errorOf(xml: string): StatementError {
  try {
    parseCamt053(xml);
  } catch (error) {
    if (error instanceof StatementError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('parseCamt053', () => {
  it('reads the booked entries of the fixture with their symbols, parties and bank references', () => {
    const statement = parseCamt053(FIXTURE);
    expect(statement).toMatchObject({
      format: 'camt053',
      account: 'CZ6508000000192000145399',
      statementId: '2026-03-01-0001',
      from: '2026-03-01',
      to: '2026-03-01',
    });
    expect(statement.entries).toHaveLength(3);
    expect(statement.entries[0]).toEqual({
      key: 'ref:8100000001',
      bankReference: '8100000001',
      direction: 'credit',
      amount: 12100,
      currency: 'CZK',
      bookingDate: '2026-03-01',
      variableSymbol: '126000001',
      constantSymbol: '308',
      counterpartyName: 'Jana Nováková',
      counterpartyAccount: 'CZ5508000000001234567899',
      message: 'Faktura FV-2026-000001',
    });
    expect(statement.entries[1]).toMatchObject({
      key: 'ref:8100000002',
      variableSymbol: '126000002',
      amount: 5000,
    });
    expect(statement.entries[2]).toMatchObject({ amount: 17550, counterpartyName: 'Petr Svoboda' });
    expect(statement.entries[2]?.variableSymbol).toBeUndefined();
    expect(statement.entries[2]?.key).toMatch(/^fp:2026-03-01\|credit\|17550\|CZK\|.*#1$/);
  });

  it('tells two identical entries without a reference apart, and finds them again in a second file', () => {
    const entry = /<Ntry>\s*<Amt Ccy="CZK">175\.50<\/Amt>[\s\S]*?<\/Ntry>/.exec(FIXTURE)?.[0] ?? '';
    const twice = FIXTURE.replace(entry, `${entry}${entry}`);
    const keys = parseCamt053(twice)
      .entries.map((e) => e.key)
      .filter((key) => key.startsWith('fp:'));
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    expect(parseCamt053(twice).entries.map((e) => e.key)).toEqual(
      parseCamt053(twice).entries.map((e) => e.key),
    );
  });

  it('reads the status of later versions (<Sts><Cd>BOOK</Cd></Sts>) and a booking date-time', () => {
    const v8 = FIXTURE.replace('camt.053.001.02', 'camt.053.001.08')
      .replaceAll('<Sts>BOOK</Sts>', '<Sts><Cd>BOOK</Cd></Sts>')
      .replace(
        '<BookgDt>\n          <Dt>2026-03-01</Dt>',
        '<BookgDt>\n          <DtTm>2026-03-01T10:00:00</DtTm>',
      );
    expect(parseCamt053(v8).entries).toHaveLength(3);
  });

  it('names line and column of XML that is not well-formed', () => {
    const error = errorOf(FIXTURE.replace('</Ntry>', '</Entry>'));
    expect(error.code).toBe('STATEMENT_MALFORMED');
    expect(error.message).toMatch(/^line \d+, column \d+: /);
  });

  it('names the element path of a missing amount, a wrong indicator, a bad amount and a missing date', () => {
    expect(
      errorOf(FIXTURE.replace('<Amt Ccy="CZK">121.00</Amt>\n        <CdtDbtInd>', '<CdtDbtInd>')).message,
    ).toBe('Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt: missing');
    expect(
      errorOf(
        FIXTURE.replace(
          '<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>',
          '<CdtDbtInd>CR</CdtDbtInd>\n        <Sts>',
        ),
      ).where,
    ).toBe('Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/CdtDbtInd');
    expect(
      errorOf(FIXTURE.replace('>121.00</Amt>\n        <CdtDbtInd>', '>121,00</Amt>\n        <CdtDbtInd>'))
        .message,
    ).toContain('Ntry[1]/Amt: "121,00" is not an amount');
    expect(
      errorOf(FIXTURE.replace('<BookgDt>\n          <Dt>2026-03-01</Dt>', '<BookgDt>\n          <Dt></Dt>'))
        .where,
    ).toBe('Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/BookgDt');
    expect(errorOf(FIXTURE.replace(' Ccy="CZK">121.00', '>121.00')).message).toContain('Ccy is missing');
    expect(errorOf(FIXTURE.replace('<Sts>BOOK</Sts>', '')).where).toContain('Ntry[1]/Sts');
  });

  it('refuses another message (pain.001, camt.052) and a statement without an account', () => {
    expect(errorOf(FIXTURE.replace('camt.053.001.02', 'camt.052.001.02')).code).toBe('STATEMENT_UNSUPPORTED');
    expect(errorOf(FIXTURE.replace(/<Acct>[\s\S]*?<\/Acct>/, '')).message).toBe(
      'Document/BkToCstmrStmt/Stmt[1]/Acct: missing',
    );
    expect(
      errorOf('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>')
        .message,
    ).toContain('no Stmt element');
  });
});
