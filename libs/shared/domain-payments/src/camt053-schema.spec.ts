import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { camt053SchemaErrors } from './testing';

/**
 * Issue 21: the camt.053 fixture follows the published layout, checked by a schema: the restricted
 * camt.053.001.02 schema beside the fixture (a document valid against it is valid against the official XSD; its
 * header says how it was made). The generated statements of the end-to-end tests are checked against it there.
 */
const FIXTURE = readFileSync(
  join(__dirname, '../../../../test/fixtures/payments/camt053-statement.xml'),
  'utf8',
);

describe('the camt.053 fixture against the camt.053.001.02 schema', () => {
  it('is valid', async () => {
    expect(await camt053SchemaErrors(FIXTURE)).toEqual([]);
  });

  it('would catch an amount without its currency, elements out of order and an unknown status', async () => {
    const withoutCurrency = FIXTURE.replace('<Amt Ccy="CZK">121.00</Amt>', '<Amt>121.00</Amt>');
    expect((await camt053SchemaErrors(withoutCurrency)).join('\n')).toMatch(/Ccy/);
    // the booking date before the status: the message definition orders Sts first
    const reordered = FIXTURE.replace(
      /<Sts>BOOK<\/Sts>(\s*)<BookgDt>(\s*<Dt>[^<]+<\/Dt>\s*)<\/BookgDt>/,
      '<BookgDt>$2</BookgDt>$1<Sts>BOOK</Sts>',
    );
    expect(reordered).not.toBe(FIXTURE);
    expect((await camt053SchemaErrors(reordered)).join('\n')).toMatch(/BookgDt|Sts/);
    const unknownStatus = FIXTURE.replace('<Sts>PDNG</Sts>', '<Sts>PENDING</Sts>');
    expect((await camt053SchemaErrors(unknownStatus)).join('\n')).toMatch(/PENDING/);
  });
});
