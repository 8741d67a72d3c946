import { describe, expect, it } from 'vitest';

import { splitAmongProducers, splitByLargestRemainder } from './pair-split';
import { SettlementError } from './settlement-error';

describe('splitByLargestRemainder', () => {
  it('returns the weights themselves when the total equals their sum (EDC agrees with the engine)', () => {
    expect(splitByLargestRemainder(1_000, [600, 300, 100])).toEqual([600, 300, 100]);
    expect(splitByLargestRemainder(7, [0, 7, 0])).toEqual([0, 7, 0]);
  });

  it('splits proportionally and gives the leftover units to the largest remainders', () => {
    // 10 × [1, 2, 3] / 6 = [1.67, 3.33, 5]: floors [1, 3, 5], one unit left, largest remainder is the first
    expect(splitByLargestRemainder(10, [1, 2, 3])).toEqual([2, 3, 5]);
    // 100 × [1, 1, 1] / 3: floors 33 each, one unit left, three equal remainders: the lowest index wins
    expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByLargestRemainder(101, [1, 1, 1])).toEqual([34, 34, 33]);
  });

  it('never gives anything to a zero weight and always sums exactly to the total', () => {
    let seed = 12_345;
    const next = (limit: number) => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed % limit;
    };
    for (let trial = 0; trial < 2_000; trial++) {
      const weights: number[] = Array.from({ length: 1 + next(5) }, () => (next(3) === 0 ? 0 : next(50_000)));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const total = next(60_000);
      const parts = splitByLargestRemainder(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      const sum = weights.reduce((a, b) => a + b, 0);
      parts.forEach((part, k) => {
        if (weights[k] === 0) expect(part).toBe(0);
        // each part is the floor or the floor + 1 of its exact share
        const floor = Math.floor((total * (weights[k] as number)) / sum);
        expect(part === floor || part === floor + 1).toBe(true);
      });
    }
  });

  it('stays exact where total × Σ weights is beyond a safe integer', () => {
    const big = 2_000_000_000;
    const parts = splitByLargestRemainder(big, [big, big, big]);
    expect(parts).toEqual([666_666_667, 666_666_667, 666_666_666]);
  });

  it('writes into a given typed array', () => {
    const out = new Int32Array(3);
    expect(splitByLargestRemainder(5, [1, 1, 0], out)).toBe(out);
    expect([...out]).toEqual([3, 2, 0]);
  });

  it('refuses a positive total with only zero weights, negative or fractional input', () => {
    expect(splitByLargestRemainder(0, [0, 0])).toEqual([0, 0]);
    expect(() => splitByLargestRemainder(5, [0, 0])).toThrow(SettlementError);
    expect(() => splitByLargestRemainder(-1, [1])).toThrow(/non-negative integer/);
    expect(() => splitByLargestRemainder(1, [0.5])).toThrow(/non-negative integer/);
  });
});

describe('splitAmongProducers', () => {
  it('breaks equal remainders by the lower producer EAN, whatever the order of the producers', () => {
    const low = '859182400000000017';
    const high = '859182400000000025';
    expect(
      splitAmongProducers(3, [
        { producerEan: high, weight: 1 },
        { producerEan: low, weight: 1 },
      ]),
    ).toEqual([1, 2]);
    expect(
      splitAmongProducers(3, [
        { producerEan: low, weight: 1 },
        { producerEan: high, weight: 1 },
      ]),
    ).toEqual([2, 1]);
  });

  it('keeps the engine pair results where EDC billed exactly what the engine shared', () => {
    const producers = [
      { producerEan: '859182411000000030', weight: 250 },
      { producerEan: '859182411000000014', weight: 1_000 },
      { producerEan: '859182411000000022', weight: 0 },
    ];
    expect(splitAmongProducers(1_250, producers)).toEqual([250, 1_000, 0]);
  });
});
