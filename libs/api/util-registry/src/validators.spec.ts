import { describe, expect, it } from 'vitest';

import { isLocalDate, isLocalMonth, isValidIco } from './validators';

describe('isValidIco', () => {
  it('accepts IČO with a correct mod-11 check digit', () => {
    expect(isValidIco('00245381')).toBe(true);
    expect(isValidIco('25596641')).toBe(true);
  });

  it('rejects a wrong check digit and other lengths', () => {
    expect(isValidIco('00245382')).toBe(false);
    expect(isValidIco('0024538')).toBe(false);
  });
});

describe('isLocalDate', () => {
  it('accepts real days only', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-2-1')).toBe(false);
    expect(isLocalDate('0001-01-01')).toBe(false);
    expect(isLocalDate('9999-12-31')).toBe(false);
    expect(isLocalDate('2000-01-01')).toBe(true);
    expect(isLocalMonth('0001-01')).toBe(false);
    expect(isLocalMonth('2026-04')).toBe(true);
  });
});
