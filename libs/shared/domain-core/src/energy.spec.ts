import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  basisPointsFromPercent,
  basisPointsFromPercentText,
  basisPointsToPercent,
  formatKwhEdc,
  formatKwhFixed,
  kwhFromJsonNumber,
  parseKwhText,
} from './energy';

describe('energy text', () => {
  it('parses EDC decimal-comma text exactly into hundredths of kWh', () => {
    expect(parseKwhText('1,28')).toBe(128);
    expect(parseKwhText('0')).toBe(0);
    expect(parseKwhText('0,0')).toBe(0);
    expect(parseKwhText('12,5')).toBe(1250);
    expect(parseKwhText('-3,07')).toBe(-307);
    expect(parseKwhText('-0,01')).toBe(-1);
    expect(Object.is(parseKwhText('-0,0'), 0)).toBe(true);
  });

  it('parses values whose float product would be inexact', () => {
    // 1.13 * 100 === 112.99999999999999 in binary floating point
    expect(parseKwhText('1,13')).toBe(113);
    expect(parseKwhText('4,35')).toBe(435);
  });

  it('rejects more than two decimals, a decimal point, thousands separators and empty text', () => {
    expect(() => parseKwhText('1,234')).toThrow(/more than 2 decimals/);
    expect(() => parseKwhText('1.28')).toThrow(/not a decimal/);
    expect(() => parseKwhText('1 000,5')).toThrow(/not a decimal/);
    expect(() => parseKwhText('')).toThrow();
    expect(() => parseKwhText('1,')).toThrow();
  });

  it('formats in the EDC style and in the fixed two-decimal style', () => {
    expect(formatKwhEdc(0)).toBe('0,0');
    expect(formatKwhEdc(128)).toBe('1,28');
    expect(formatKwhEdc(-10)).toBe('-0,1');
    expect(formatKwhEdc(1250)).toBe('12,5');
    expect(formatKwhFixed(0)).toBe('0,00');
    expect(formatKwhFixed(-307)).toBe('-3,07');
    expect(formatKwhFixed(1250)).toBe('12,50');
  });

  it('round-trips every formatted value through the parser', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (value) => {
        expect(parseKwhText(formatKwhEdc(value))).toBe(value);
        expect(parseKwhText(formatKwhFixed(value))).toBe(value);
      }),
    );
  });

  it('reads kWh JSON numbers exactly', () => {
    expect(kwhFromJsonNumber(1.13)).toBe(113);
    expect(kwhFromJsonNumber(-3.07)).toBe(-307);
    expect(() => kwhFromJsonNumber(1.005)).toThrow(/more than 2 decimals/);
  });
});

describe('percent and basis points', () => {
  it('converts key percentages to basis points exactly', () => {
    expect(basisPointsFromPercent(3.5)).toBe(350);
    expect(basisPointsFromPercent(9)).toBe(900);
    expect(basisPointsFromPercent(0.01)).toBe(1);
    expect(basisPointsFromPercent(100)).toBe(10_000);
    expect(basisPointsFromPercent(33.33)).toBe(3333);
    expect(basisPointsFromPercentText('3,5')).toBe(350);
  });

  it('rejects more than two decimals, negatives, values over 100 and exponent forms', () => {
    expect(() => basisPointsFromPercent(100.001)).toThrow(/more than 2 decimals/);
    expect(() => basisPointsFromPercent(-1)).toThrow(/negative/);
    expect(() => basisPointsFromPercent(100.01)).toThrow(/over 100/);
    expect(() => basisPointsFromPercent(1e-7)).toThrow();
    expect(() => basisPointsFromPercent(Number.NaN)).toThrow();
  });

  it('converts basis points back to the percent written in a key file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (bp) => {
        expect(basisPointsFromPercent(basisPointsToPercent(bp))).toBe(bp);
      }),
    );
  });
});
