import { describe, expect, it } from 'vitest';

import {
  czechAccountToIban,
  formatIban,
  ibanToCzechAccount,
  isValidIban,
  parseCzechAccount,
} from './bank-account';

describe('bank accounts', () => {
  it('converts a Czech account with prefix to its IBAN (the ČNB example)', () => {
    expect(czechAccountToIban('19-2000145399/0800')).toBe('CZ6508000000192000145399');
    expect(formatIban('CZ6508000000192000145399')).toBe('CZ65 0800 0000 1920 0014 5399');
  });

  it('converts an account without prefix and back', () => {
    const iban = czechAccountToIban('2000145399/0800');
    expect(isValidIban(iban)).toBe(true);
    expect(iban).toMatch(/^CZ\d{2}08000000002000145399$/);
    expect(ibanToCzechAccount(iban)).toBe('2000145399/0800');
  });

  it('rejects an account number that fails the mod-11 check', () => {
    expect(() => parseCzechAccount('123456789/0800')).toThrow(/mod-11/);
  });

  it('validates IBAN check digits with mod 97', () => {
    expect(isValidIban('CZ65 0800 0000 1920 0014 5399')).toBe(true);
    expect(isValidIban('CZ6608000000192000145399')).toBe(false);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
  });
});
