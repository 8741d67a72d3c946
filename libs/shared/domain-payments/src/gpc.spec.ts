import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { StatementError } from './bank-statement';
import { parseGpc } from './gpc';

const FIXTURE = readFileSync(
  join(__dirname, '../../../../test/fixtures/payments/gpc-statement.gpc'),
  'latin1',
);
const LINES = FIXTURE.split('\r\n');

function errorOf(text: string): StatementError {
  try {
    parseGpc(text);
  } catch (error) {
    if (error instanceof StatementError) return error;
    throw error;
  }
  throw new Error('parsed');
}

function withLine(index: number, line: string): string {
  return LINES.map((original, i) => (i === index ? line : original)).join('\r\n');
}

describe('parseGpc', () => {
  it('reads the header 074 and the items 075 of the fixture, with the text of 078', () => {
    const statement = parseGpc(FIXTURE);
    expect(statement).toMatchObject({
      format: 'gpc',
      account: '19-2000145399',
      statementId: '12',
      from: '2026-03-01',
      to: '2026-03-01',
    });
    expect(statement.entries).toHaveLength(3);
    expect(statement.entries[0]).toEqual({
      key: 'gpc:0008100000001',
      bankReference: '0008100000001',
      direction: 'credit',
      amount: 12100,
      currency: 'CZK',
      bookingDate: '2026-03-01',
      variableSymbol: '126000001',
      constantSymbol: '308',
      counterpartyName: 'Jana Novakova',
      counterpartyAccount: '1234567899/0800',
    });
    expect(statement.entries[1]).toMatchObject({ variableSymbol: '126000002', amount: 5000 });
    expect(statement.entries[2]).toMatchObject({ amount: 17550, message: 'za elektrinu unor' });
    expect(statement.entries[2]?.key).toMatch(/^fp:/);
  });

  it('books accounting code 1 and 5 as money out, 2 and 4 as money in', () => {
    const item = LINES[1] as string;
    const direction = (code: string) =>
      parseGpc(withLine(1, `${item.slice(0, 60)}${code}${item.slice(61)}`)).entries[0]?.direction;
    expect([direction('1'), direction('2'), direction('4'), direction('5')]).toEqual([
      'debit',
      'credit',
      'credit',
      'debit',
    ]);
  });

  it('names the line and positions of a wrong field', () => {
    const item = LINES[1] as string;
    expect(errorOf(withLine(1, `${item.slice(0, 48)}00000001210x${item.slice(60)}`)).message).toBe(
      'line 2, positions 49–60 (amount): "00000001210x" is not 12 digits',
    );
    expect(errorOf(withLine(1, `${item.slice(0, 60)}3${item.slice(61)}`)).message).toContain(
      'line 2, position 61',
    );
    expect(errorOf(withLine(1, `${item.slice(0, 91)}310226${item.slice(97)}`)).message).toContain(
      'line 2, positions 92–97 (value date)',
    );
    expect(errorOf(withLine(2, 'xyz')).message).toContain('line 3: record type "xyz"');
    expect(errorOf(withLine(1, item.slice(0, 50))).message).toContain('line 2: record 075 has 50 characters');
    expect(errorOf(withLine(1, `${item.slice(0, 118)}0999${item.slice(122)}`)).message).toContain(
      '(currency)',
    );
    expect(errorOf(withLine(1, `${item.slice(0, 48)}000000000000${item.slice(60)}`)).message).toContain(
      'an item of zero',
    );
  });

  it('refuses items before the header and a file without one', () => {
    expect(errorOf(LINES.slice(1).join('\r\n')).message).toContain(
      'line 1: an item record 075 before the header',
    );
    expect(errorOf('').message).toContain('no header record 074');
    expect(errorOf(`${LINES[0]}\r\n078text`).message).toContain('line 2: a text record 078 without an item');
  });
});
