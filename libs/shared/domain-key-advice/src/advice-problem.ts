import type { AllocationInput } from '@sdilna/shared/domain-allocation';

/** A (producer, consumer) pair whose percentage the search chooses; the priority is kept as given. */
export interface AdvicePair {
  readonly producer: string;
  readonly consumer: string;
  /** 1..5, the order in which the consumer draws from its producers */
  readonly priority: number;
}

/**
 * A block of measured intervals that runs with one number of rounds, in the engine's column-major layout over the
 * problem's `producers` and `consumers`. `month` numbers the fitted period it belongs to (0-based, the order of
 * `--measured`) and `fold` a part of that period (alternate days): the search accepts a change only where it helps
 * the whole and hurts no fold (key-search.ts).
 */
export interface AdviceSegment {
  readonly month: number;
  readonly fold: number;
  readonly rounds: number;
  readonly input: AllocationInput;
}

/** What the search works on: the group's points, the pairs a key may give a percentage, the fitted intervals. */
export interface KeyAdviceProblem {
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  readonly pairs: readonly AdvicePair[];
  readonly method: 'static' | 'static-iterative';
  readonly segments: readonly AdviceSegment[];
}

/** Joins blocks with the same columns into one (the engine's per-call overhead then counts once, not per day). */
export function concatInputs(inputs: readonly AllocationInput[], producers: number, consumers: number) {
  const count = inputs.reduce((sum, input) => sum + input.intervalCount, 0);
  const production = new Int32Array(producers * count);
  const demand = new Int32Array(consumers * count);
  let offset = 0;
  for (const input of inputs) {
    const n = input.intervalCount;
    for (let d = 0; d < producers; d++)
      production.set(input.production.subarray(d * n, d * n + n), d * count + offset);
    for (let o = 0; o < consumers; o++)
      demand.set(input.demand.subarray(o * n, o * n + n), o * count + offset);
    offset += n;
  }
  return { intervalCount: count, production, demand } satisfies AllocationInput;
}
