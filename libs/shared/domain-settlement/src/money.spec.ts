import { describe, expect, it } from 'vitest';

import { formatCzkCzech, formatCzkJson, parseCzkText } from './money';
import { amountForEnergy, formatPricePerKwhNumber, pricePerKwhFromText, pricePerMwhFromText } from './price';
import { vatForLine, vatRatePercentText } from './vat';

describe('money in haléře', () => {
  it('parses "3.00", "3,00" and "1 234,50 Kč" exactly', () => {
    expect(parseCzkText('3.00')).toBe(300);
    expect(parseCzkText('3,00')).toBe(300);
    expect(parseCzkText('1 234,50 Kč')).toBe(123_450);
    expect(parseCzkText('1\u00a0234,50\u00a0Kč')).toBe(123_450);
    expect(parseCzkText('-0,05')).toBe(-5);
  });

  it('refuses an amount with more than two decimals instead of rounding it', () => {
    expect(() => parseCzkText('1,005')).toThrow(/more than 2 decimals/);
  });

  it('formats cs-CZ with non-breaking spaces and contract JSON strings', () => {
    expect(formatCzkCzech(123_450)).toBe('1\u00a0234,50\u00a0Kč');
    expect(formatCzkJson(123_450)).toBe('1234.50');
    expect(formatCzkJson(-5)).toBe('-0.05');
  });
});

describe('prices and line amounts', () => {
  it('reads per-kWh and per-MWh prices into the same exact unit', () => {
    expect(pricePerKwhFromText('3,00')).toBe(300_000);
    expect(pricePerKwhFromText('4.5 Kč/kWh')).toBe(450_000);
    expect(pricePerMwhFromText('4 500')).toBe(450_000);
    expect(pricePerMwhFromText('4567,89 Kč/MWh')).toBe(456_789);
    expect(formatPricePerKwhNumber(456_789)).toBe('4.56789');
    expect(formatPricePerKwhNumber(300_000, ',')).toBe('3,00');
  });

  it('prices 100 kWh at 3.00 Kč/kWh at 300 Kč', () => {
    expect(amountForEnergy(10_000, pricePerKwhFromText('3.00'))).toBe(30_000);
  });

  it('rounds half up once: 0.01 kWh at 4 500 Kč/MWh is 0.045 Kč → 0.05 Kč, and a credit mirrors it', () => {
    expect(amountForEnergy(1, 450_000)).toBe(5);
    expect(amountForEnergy(-1, 450_000)).toBe(-5);
    expect(amountForEnergy(1, 440_000)).toBe(4);
  });

  it('stays exact where a float product would not: 10 GWh at 99 999.99 Kč/MWh', () => {
    // 10 GWh = 10^9 × 0.01 kWh; product 10^9 × 9 999 999 ≈ 10^16 is above 2^53
    expect(amountForEnergy(1_000_000_000, 9_999_999)).toBe(99_999_990_000);
  });

  it('computes VAT per line with half-up rounding', () => {
    expect(vatForLine(10_000, 2100)).toBe(2100);
    expect(vatForLine(250, 2100)).toBe(53); // 52.5 → 53
    expect(vatForLine(-250, 2100)).toBe(-53);
    expect(vatRatePercentText(2100)).toBe('21');
    expect(vatRatePercentText(1250, ',')).toBe('12,5');
  });
});
