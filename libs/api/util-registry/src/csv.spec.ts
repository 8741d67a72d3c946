import { describe, expect, it } from 'vitest';

import { CsvFormatError, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads semicolon files with a BOM and reports the line of each row', () => {
    const rows = parseCsv('\uFEFFName;Kind\nObec;municipality\n\nŠkola;municipal-unit\n');
    expect(rows).toEqual([
      { line: 2, values: { name: 'Obec', kind: 'municipality' } },
      { line: 4, values: { name: 'Škola', kind: 'municipal-unit' } },
    ]);
  });

  it('matches headers without case, spaces or diacritics', () => {
    expect(parseCsv('Member IČO;Valid From\n00245381;2026-01-01')[0]?.values).toEqual({
      memberico: '00245381',
      validfrom: '2026-01-01',
    });
  });

  it('reads comma files', () => {
    expect(parseCsv('name,kind\nA,household')[0]?.values).toEqual({ name: 'A', kind: 'household' });
  });

  it('rejects an empty file', () => {
    expect(() => parseCsv('')).toThrow(CsvFormatError);
  });
});
