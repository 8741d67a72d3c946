import { describe, expect, it } from 'vitest';
import { eanProblem, eanWithCheckDigit, gs1CheckDigit, InvalidEanError, isValidEan, parseEan } from './ean';

describe('EAN', () => {
  it('accepts the valid example from the domain page', () => {
    expect(isValidEan('859182400123456789')).toBe(true);
  });

  it('rejects the example with a wrong check digit', () => {
    expect(eanProblem('859182400123456784')).toBe('bad-check-digit');
  });

  it('accepts the EANs of the real EDC fixture', () => {
    expect(isValidEan('859182400611447671')).toBe(true);
    expect(isValidEan('859182400611941780')).toBe(true);
  });

  it('computes the GS1 check digit with weights 3,1,3 from the rightmost body digit', () => {
    expect(gs1CheckDigit('85918240012345678')).toBe(9);
    expect(eanWithCheckDigit('85918240061144767')).toBe('859182400611447671');
  });

  it('rejects texts that are not 18 digits or lack the Czech prefix', () => {
    expect(eanProblem('85918240012345678')).toBe('not-18-digits');
    expect(eanProblem('85918240012345678x')).toBe('not-18-digits');
    expect(eanProblem(eanWithCheckDigit('12345678901234567'))).toBe('wrong-prefix');
  });

  it('parseEan names the expected check digit in its error', () => {
    expect(() => parseEan('859182400123456784')).toThrow(InvalidEanError);
    expect(() => parseEan('859182400123456784')).toThrow(/expected 9/);
    expect(parseEan(' 859182400123456789 ')).toBe('859182400123456789');
  });
});
