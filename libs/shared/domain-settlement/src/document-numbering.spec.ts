import { describe, expect, it } from 'vitest';

import {
  assignDocumentNumbers,
  findNumberingGaps,
  formatDocumentNumber,
  nextDocumentNumber,
  numberingKey,
} from './document-numbering';
import { isValidVariableSymbol, variableSymbolFor } from './variable-symbol';

describe('document numbering', () => {
  it('formats numbers per series and year', () => {
    expect(formatDocumentNumber({ series: 'FV', year: 2026, sequence: 123 })).toBe('FV-2026-000123');
  });

  it('continues from the last number and restarts in a new year', () => {
    expect(nextDocumentNumber('FV', 2026, 'FV-2026-000123').number).toBe('FV-2026-000124');
    expect(nextDocumentNumber('FV', 2026).number).toBe('FV-2026-000001');
    expect(() => nextDocumentNumber('FV', 2027, 'FV-2026-000123')).toThrow(/not of series FV in 2027/);
  });

  it('numbers a batch without gaps per issuer, series and year and returns the new last numbers', () => {
    const drafts = [
      { issuerId: 'community', series: 'FV', issueDate: '2026-07-15' },
      { issuerId: 'community', series: 'VD', issueDate: '2026-07-15' },
      { issuerId: 'community', series: 'FV', issueDate: '2026-07-15' },
      { issuerId: 'obec', series: 'PF', issueDate: '2026-07-15' },
    ];
    const last = new Map([[numberingKey('community', 'FV', 2026), 41]]);
    const { documents, lastSequences } = assignDocumentNumbers(drafts, last);
    expect(documents.map((d) => d.number)).toEqual([
      'FV-2026-000042',
      'VD-2026-000001',
      'FV-2026-000043',
      'PF-2026-000001',
    ]);
    expect(lastSequences.get(numberingKey('community', 'FV', 2026))).toBe(43);
    const second = assignDocumentNumbers(drafts.slice(0, 1), lastSequences);
    expect(second.documents[0]?.number).toBe('FV-2026-000044');
    expect(findNumberingGaps(['FV-2026-000001', 'FV-2026-000002', 'FV-2026-000003'])).toEqual([]);
    expect(findNumberingGaps(['FV-2026-000001', 'FV-2026-000003'])).toEqual(['FV-2026: expected 2, found 3']);
  });

  it('derives a digits-only variable symbol of at most 10 digits', () => {
    const symbol = variableSymbolFor(1, 2026, 123);
    expect(symbol).toBe('126000123');
    expect(isValidVariableSymbol(symbol)).toBe(true);
    expect(isValidVariableSymbol('12345678901')).toBe(false);
    expect(isValidVariableSymbol('12a')).toBe(false);
  });
});
