import { keyToFile, validateKeyFile } from '@sdilna/shared/domain-allocation';
import { eanWithCheckDigit } from '@sdilna/shared/domain-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyAdviceProblem } from './advice-problem';
import { arbitraryProblem, randomKey } from './advice-test-factory';
import { defaultPairs } from './edc-advice-input';
import { edcRegistrationCsv, percentText } from './edc-registration';
import { adviceKey, adviseKey, sharedPerMonth } from './key-advice';
import { fitToBounds, flatStart, KeyAdviceError, pairBounds } from './key-bounds';

function producerSums(problem: KeyAdviceProblem, key: Int32Array): number[] {
  return problem.producers.map((producer) =>
    problem.pairs.reduce((sum, pair, q) => sum + (pair.producer === producer ? (key[q] as number) : 0), 0),
  );
}

function smallestPair(key: Int32Array): number {
  return key.reduce((min, value) => Math.min(min, value), 10_000);
}

describe('adviseKey (property tests)', () => {
  it('always writes a valid key file: whole basis points, Σ ≤ 100 % per producer, two decimals at most', () => {
    fc.assert(
      fc.property(arbitraryProblem(), (problem) => {
        const advice = adviseKey(problem);
        const file = keyToFile(adviceKey(problem, advice.basisPoints));
        expect(validateKeyFile(JSON.parse(JSON.stringify(file))).issues).toEqual([]);
        for (const a of file.allocations) expect(Math.round(a.percent * 100)).toBeCloseTo(a.percent * 100, 9);
        for (const sum of producerSums(problem, advice.basisPoints)) expect(sum).toBeLessThanOrEqual(10_000);
        expect(advice.basisPoints.every((bp) => Number.isInteger(bp) && bp >= 0)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the fairness floor and the stability limit', () => {
    fc.assert(
      fc.property(
        arbitraryProblem(),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 0, max: 3000 }),
        (problem, seed, floorWish, change) => {
          const current = randomKey(problem, seed);
          // A floor the current key meets, so that both limits can hold together.
          const minBasisPoints = Math.min(floorWish, smallestPair(current));
          const advice = adviseKey(problem, { current, minBasisPoints, maxChangeBasisPoints: change });
          advice.basisPoints.forEach((bp, q) => {
            expect(bp).toBeGreaterThanOrEqual(minBasisPoints);
            expect(Math.abs(bp - (current[q] as number))).toBeLessThanOrEqual(change);
          });
          for (const sum of producerSums(problem, advice.basisPoints))
            expect(sum).toBeLessThanOrEqual(10_000);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never shares less than the current key on any month it was fitted on', () => {
    fc.assert(
      fc.property(
        arbitraryProblem(),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.double({ min: 0.3, max: 1, noNaN: true }),
        (problem, seed, fill) => {
          const current = randomKey(problem, seed, fill);
          const advice = adviseKey(problem, { current });
          const before = sharedPerMonth(problem, current);
          const after = sharedPerMonth(problem, advice.basisPoints);
          after.forEach((value, month) => expect(value).toBeGreaterThanOrEqual(before[month] as number));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('constraints', () => {
  const producer = eanWithCheckDigit('85918249000000001');
  const consumers = [2, 3, 4].map((n) => eanWithCheckDigit(`8591824900000010${n}`));
  const problem: KeyAdviceProblem = {
    producers: [producer],
    consumers,
    pairs: consumers.map((consumer) => ({ producer, consumer, priority: 1 })),
    method: 'static-iterative',
    segments: [],
  };

  it('refuses a floor that the producer cannot give every consumer', () => {
    expect(() => pairBounds(problem, { minBasisPoints: 3400 })).toThrow(
      new KeyAdviceError(`producer ${producer}: its 3 consumers at the floors need 102 %, more than 100 %`),
    );
  });

  it('refuses --max-change without a current key', () => {
    expect(() => pairBounds(problem, { maxChangeBasisPoints: 100 })).toThrow(/needs --current/);
  });

  it('fits targets into the bounds in whole basis points summing to exactly 100 %', () => {
    const bounds = pairBounds(problem, {
      current: Int32Array.from([5000, 3000, 2000]),
      maxChangeBasisPoints: 500,
    });
    const key = fitToBounds(Float64Array.from([9000, 500.5, 499.5]), bounds);
    expect(Array.from(key)).toEqual([5500, 2500, 2000]);
  });

  it('starts a flat key with equal parts, the left-over basis point to the first pair', () => {
    expect(Array.from(flatStart(problem, pairBounds(problem, {})))).toEqual([3334, 3333, 3333]);
  });

  it('pairs every consumer with every producer only within the legal number of producers per consumer', () => {
    const producers = [1, 2, 3, 4, 5, 6].map((n) => eanWithCheckDigit(`8591824900000000${n}`));
    expect(defaultPairs(producers.slice(0, 2), consumers, 5)).toHaveLength(6);
    expect(defaultPairs(producers.slice(0, 2), consumers, 5)[1]).toEqual({
      producer: producers[1],
      consumer: consumers[0],
      priority: 2,
    });
    expect(() => defaultPairs(producers, consumers, 5)).toThrow(
      /6 production points and a consumer may draw from at most 5: give --current/,
    );
  });
});

describe('EDC registration table', () => {
  it('writes one row per pair with the percentage in two decimals and a decimal comma', () => {
    const producer = eanWithCheckDigit('85918249000000001');
    const [a, b] = [eanWithCheckDigit('85918249000000102'), eanWithCheckDigit('85918249000000101')];
    const csv = edcRegistrationCsv({
      method: 'static-iterative',
      allocations: [
        { producer, consumer: a, basisPoints: 29, priority: 1 },
        { producer, consumer: b, basisPoints: 9971, priority: 2 },
      ],
    });
    expect(csv).toBe(
      `\uFEFFEAN výrobny;EAN odběrného místa;Alokační klíč [%];Priorita\r\n${producer};${b};99,71;2\r\n${producer};${a};0,29;1\r\n`,
    );
    expect([0, 5, 350, 10_000].map(percentText)).toEqual(['0,00', '0,05', '3,50', '100,00']);
  });
});
