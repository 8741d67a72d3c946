import { describe, expect, it } from 'vitest';
import { divideRoundHalfAwayFromZero, formatCzk, formatCzkCs, parseCzk, priceEnergy, vatOf } from './money';

describe('money in haléře', () => {
  it('parses and formats amounts without floating point', () => {
    expect(parseCzk('12,50')).toBe(1250);
    expect(parseCzk('0.1')).toBe(10);
    expect(formatCzk(1250)).toBe('12.50');
    expect(formatCzk(-5)).toBe('-0.05');
    expect(formatCzkCs(123_456_78)).toBe('123\u00a0456,78\u00a0Kč');
  });

  it('rounds half away from zero once', () => {
    expect(divideRoundHalfAwayFromZero(15, 10)).toBe(2);
    expect(divideRoundHalfAwayFromZero(14, 10)).toBe(1);
    expect(divideRoundHalfAwayFromZero(-15, 10)).toBe(-2);
  });

  it('prices shared energy at 3.00 Kč/kWh: 12.34 kWh cost 37.02 Kč', () => {
    expect(priceEnergy(1234, 30_000)).toBe(3702);
  });

  it('prices 0.01 kWh at 4 500 Kč/MWh to the nearest haléř', () => {
    // 0.01 kWh × 4.50 Kč = 0.045 Kč → 0.05 Kč
    expect(priceEnergy(1, 45_000)).toBe(5);
  });

  it('computes 21 % VAT in haléře', () => {
    expect(vatOf(10_000, 2100)).toBe(2100);
    expect(vatOf(333, 2100)).toBe(70);
  });
});
