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

  it('reads comma files', () => {
    expect(parseCsv('name,kind\nA,household')[0]?.values).toEqual({ name: 'A', kind: 'household' });
  });

  it('rejects an empty file', () => {
    expect(() => parseCsv('')).toThrow(CsvFormatError);
  });
});
