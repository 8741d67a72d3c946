import { eanWithCheckDigit } from '@sdilna/shared/domain-core';
import fc from 'fast-check';
import type { AdvicePair, AdviceSegment, KeyAdviceProblem } from './advice-problem';

const ean = (n: number) => eanWithCheckDigit(`85918249${String(n).padStart(9, '0')}`);

/**
 * Small random groups for property tests: 1–3 producers, 1–6 consumers, each consumer served by 1..all producers
 * with distinct priorities, one or two months of a few intervals each (split into two folds), rounds 1..5.
 */
export function arbitraryProblem(): fc.Arbitrary<KeyAdviceProblem> {
  return fc
    .record({
      producers: fc.integer({ min: 1, max: 3 }),
      consumers: fc.integer({ min: 1, max: 6 }),
      months: fc.integer({ min: 1, max: 2 }),
      intervals: fc.integer({ min: 4, max: 12 }),
      method: fc.constantFrom('static' as const, 'static-iterative' as const),
      rounds: fc.integer({ min: 1, max: 5 }),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
    })
    .map(({ producers, consumers, months, intervals, method, rounds, seed }) => {
      let state = seed;
      const random = () => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state / 2 ** 31;
      };
      const producerEans = Array.from({ length: producers }, (_, d) => ean(d + 1));
      const consumerEans = Array.from({ length: consumers }, (_, o) => ean(100 + o));
      const pairs: AdvicePair[] = [];
      consumerEans.forEach((consumer, o) => {
        const served = producerEans.filter((_, d) => d === o % producers || random() < 0.5);
        served.forEach((producer, priority) => pairs.push({ producer, consumer, priority: priority + 1 }));
      });
      const segments: AdviceSegment[] = [];
      for (let month = 0; month < months; month++) {
        for (let fold = 0; fold < 2; fold++) {
          const production = Int32Array.from({ length: producers * intervals }, () =>
            random() < 0.3 ? 0 : Math.floor(random() * 2000),
          );
          const demand = Int32Array.from({ length: consumers * intervals }, () =>
            random() < 0.2 ? 0 : Math.floor(random() * 800),
          );
          segments.push({
            month,
            fold,
            // EDC runs one round for a group without iteration (domain-core sharingRounds)
            rounds: method === 'static' ? 1 : rounds,
            input: { intervalCount: intervals, production, demand },
          });
        }
      }
      return { producers: producerEans, consumers: consumerEans, pairs, method, segments };
    });
}

/** A random valid key for the problem: per producer, random weights summing to at most 100 %. */
export function randomKey(problem: KeyAdviceProblem, seed: number, fill = 1): Int32Array {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const key = new Int32Array(problem.pairs.length);
  for (const producer of problem.producers) {
    const mine = problem.pairs.flatMap((pair, q) => (pair.producer === producer ? [q] : []));
    const weights = mine.map(() => random() + 0.01);
    const total = weights.reduce((a, b) => a + b, 0);
    mine.forEach((q, k) => (key[q] = Math.floor(((weights[k] as number) / total) * 10_000 * fill)));
  }
  return key;
}
