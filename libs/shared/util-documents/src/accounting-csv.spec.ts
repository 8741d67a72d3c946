import { describe, expect, it } from 'vitest';

import { anIssuedSettlement } from '@sdilna/shared/domain-settlement/testing';

import { accountingCsv, csvField, UTF8_BOM } from './accounting-csv';

describe('accounting CSV', () => {
  it('exports every document line with a BOM, ";" separators, decimal commas and CRLF', () => {
    const documents = anIssuedSettlement();
    const csv = accountingCsv(documents);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const rows = csv
      .slice(1)
      .split('\r\n')
      .filter((row) => row !== '');
    const lineCount = documents.reduce((sum, d) => sum + d.lines.length, 0);
    expect(rows).toHaveLength(1 + lineCount);
    expect(rows[0]).toMatch(/^Doklad;Druh;Datum vystavení;DUZP;Splatnost;Variabilní symbol;/);
    const invoiceVt = rows.find((row) =>
      row.startsWith('FV-2026-000001;invoice;15.07.2026;30.06.2026;29.07.2026;126000001;'),
    );
    expect(invoiceVt).toContain(';1000,00;3,00;3000,00;21;630,00;3630,00;CZK;01.06.2026;30.06.2026;');
  });

  it('quotes fields holding the separator, quotes or line breaks as RFC 4180 says', () => {
    expect(csvField('Obec; s.r.o.')).toBe('"Obec; s.r.o."');
    expect(csvField('Hala "Sokol"')).toBe('"Hala ""Sokol"""');
    expect(csvField('plain')).toBe('plain');
  });
});
