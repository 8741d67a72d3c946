import { allocate, compileKey } from '@sdilna/shared/domain-allocation';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyAdviceProblem } from './advice-problem';
import { arbitraryProblem, randomKey } from './advice-test-factory';
import { adviceKey } from './key-advice';
import { SharedEnergyEvaluator } from './shared-energy-evaluator';

/** What `allocate` shares with the key on each segment, compiled afresh: the figure the evaluator must equal. */
function allocateTotals(problem: KeyAdviceProblem, basisPoints: Int32Array): number[] {
  const key = adviceKey(problem, basisPoints);
  return problem.segments.map((segment) => {
    const compiled = compileKey(key, segment.rounds, problem);
    const result = allocate(compiled, segment.input);
    return result.producerShared.reduce((sum, value) => sum + value, 0);
  });
}

describe('SharedEnergyEvaluator', () => {
  it("equals allocate's shared total to 0.01 kWh on every segment, also after pairs are changed in place", () => {
    fc.assert(
      fc.property(arbitraryProblem(), fc.integer({ min: 1, max: 2 ** 30 }), (problem, seed) => {
        const first = randomKey(problem, seed);
        const evaluator = new SharedEnergyEvaluator(problem, first);
        expect(Array.from(evaluator.evaluate())).toEqual(allocateTotals(problem, first));
        // The search writes candidate keys into the compiled copies; the totals must follow exactly.
        const second = randomKey(problem, seed + 1, 0.8);
        second.forEach((bp, q) => evaluator.set(q, bp));
        expect(Array.from(evaluator.evaluate())).toEqual(allocateTotals(problem, second));
      }),
      { numRuns: 150 },
    );
  });

  it('splits the group into components that never share a producer or consumer', () => {
    fc.assert(
      fc.property(arbitraryProblem(), (problem) => {
        const evaluator = new SharedEnergyEvaluator(problem, new Int32Array(problem.pairs.length));
        const pairs = evaluator.components.flatMap((c) => c.pairs).sort((a, b) => a - b);
        expect(pairs).toEqual(problem.pairs.map((_, q) => q));
        const producers = evaluator.components.flatMap((c) => c.producers);
        expect(new Set(producers).size).toBe(producers.length);
      }),
      { numRuns: 50 },
    );
  });
});
