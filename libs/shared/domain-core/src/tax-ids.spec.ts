import { describe, expect, it } from 'vitest';

import { dicProblem, isValidDic, isValidIco } from './tax-ids';

describe('tax ids', () => {
  it('checks the IČO mod-11 digit', () => {
    expect(isValidIco('00245381')).toBe(true);
    expect(isValidIco('25596641')).toBe(true);
    expect(isValidIco('00245382')).toBe(false);
    expect(isValidIco('0024538')).toBe(false);
  });

  it('accepts CZ + 8 to 10 digits, 8 of them a valid IČO', () => {
    expect(isValidDic('CZ00245381')).toBe(true);
    expect(isValidDic('CZ685812345')).toBe(true);
    expect(isValidDic('CZ7103192745')).toBe(true);
    expect(dicProblem('CZ00245382')).toBe('bad-ico-check-digit');
    expect(dicProblem('CZ1234567')).toBe('not-cz-digits');
    expect(dicProblem('CZ12345678901')).toBe('not-cz-digits');
    expect(dicProblem('SK2020317068')).toBe('not-cz-digits');
    expect(dicProblem('00245381')).toBe('not-cz-digits');
  });
});
