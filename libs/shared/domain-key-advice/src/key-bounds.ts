import { FULL_KEY_BASIS_POINTS } from '@sdilna/shared/domain-core';
import type { KeyAdviceProblem } from './advice-problem';

/** A constraint that no key can meet (the CLI shows the message as a user error). */
export class KeyAdviceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyAdviceError';
  }
}

export interface KeyConstraints {
  /** fairness floor: every pair gets at least this many basis points (`--min-percent`) */
  readonly minBasisPoints?: number | undefined;
  /** stability: no pair moves further than this from `current` (`--max-change`, percentage points as bp) */
  readonly maxChangeBasisPoints?: number | undefined;
  /** the registered key per problem pair (0 where it has no entry); needed by `maxChangeBasisPoints` */
  readonly current?: Int32Array | undefined;
}

/** Per pair the allowed range, and per producer its pairs (each producer's keys share 10 000 bp). */
export interface PairBounds {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly pairsOfProducer: readonly (readonly number[])[];
}

export function pairBounds(problem: KeyAdviceProblem, constraints: KeyConstraints): PairBounds {
  const n = problem.pairs.length;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n).fill(FULL_KEY_BASIS_POINTS);
  const min = constraints.minBasisPoints ?? 0;
  const change = constraints.maxChangeBasisPoints;
  if (change !== undefined && constraints.current === undefined)
    throw new KeyAdviceError('--max-change needs --current (the key the change is measured from)');
  for (let q = 0; q < n; q++) {
    lo[q] = min;
    if (change !== undefined) {
      const current = constraints.current?.[q] ?? 0;
      lo[q] = Math.max(min, current - change);
      hi[q] = Math.min(FULL_KEY_BASIS_POINTS, current + change);
      if ((lo[q] as number) > (hi[q] as number)) {
        const pair = problem.pairs[q];
        throw new KeyAdviceError(
          `pair ${pair?.producer}-${pair?.consumer}: the current ${percent(current)} % ± ${percent(change)} cannot reach the floor of ${percent(min)} %`,
        );
      }
    }
  }
  const producerIndex = new Map(problem.producers.map((ean, d) => [ean, d]));
  const pairsOfProducer: number[][] = problem.producers.map(() => []);
  problem.pairs.forEach((pair, q) => pairsOfProducer[producerIndex.get(pair.producer) as number]?.push(q));
  pairsOfProducer.forEach((pairs, d) => {
    const floor = pairs.reduce((sum, q) => sum + (lo[q] as number), 0);
    if (floor > FULL_KEY_BASIS_POINTS)
      throw new KeyAdviceError(
        `producer ${problem.producers[d]}: its ${pairs.length} consumers at the floors need ${percent(floor)} %, more than 100 %`,
      );
  });
  return { lo, hi, pairsOfProducer };
}

/**
 * The feasible key nearest to real-valued targets (bp): per producer, targets shifted by one common amount and
 * clamped to the bounds so they sum to 10 000 (or as near as the bounds allow), then whole basis points by largest
 * remainder without ever exceeding 10 000.
 */
export function fitToBounds(target: Float64Array, bounds: PairBounds): Int32Array {
  const key = new Int32Array(target.length);
  for (const pairs of bounds.pairsOfProducer) {
    if (pairs.length === 0) continue;
    const clamped = (q: number, shift: number) =>
      Math.min(bounds.hi[q] as number, Math.max(bounds.lo[q] as number, (target[q] as number) + shift));
    const sum = (shift: number) => pairs.reduce((total, q) => total + clamped(q, shift), 0);
    let low = -FULL_KEY_BASIS_POINTS;
    let high = FULL_KEY_BASIS_POINTS;
    if (sum(high) <= FULL_KEY_BASIS_POINTS) low = high;
    for (let step = 0; step < 60 && low < high; step++) {
      const middle = (low + high) / 2;
      if (sum(middle) <= FULL_KEY_BASIS_POINTS) low = middle;
      else high = middle;
    }
    const values = pairs.map((q) => clamped(q, low));
    let left = FULL_KEY_BASIS_POINTS;
    pairs.forEach((q, k) => {
      key[q] = Math.floor(values[k] as number);
      left -= key[q] as number;
    });
    const order = pairs
      .map((q, k) => ({ q, remainder: (values[k] as number) - (key[q] as number) }))
      .sort((a, b) => b.remainder - a.remainder || a.q - b.q);
    for (const { q, remainder } of order) {
      if (left <= 0 || remainder <= 0) break;
      if ((key[q] as number) < (bounds.hi[q] as number)) {
        key[q] = (key[q] as number) + 1;
        left--;
      }
    }
  }
  return key;
}

/** Each producer's 100 % split in proportion to its consumers' import over the fitted intervals. */
export function proportionalStart(problem: KeyAdviceProblem, bounds: PairBounds): Int32Array {
  const consumerIndex = new Map(problem.consumers.map((ean, o) => [ean, o]));
  const imported = new Float64Array(problem.consumers.length);
  for (const { input } of problem.segments) {
    const count = input.intervalCount;
    for (let o = 0; o < problem.consumers.length; o++) {
      let sum = 0;
      for (let i = o * count, end = i + count; i < end; i++) {
        const value = input.demand[i] as number;
        if (value > 0) sum += value;
      }
      imported[o] = (imported[o] as number) + sum;
    }
  }
  const target = new Float64Array(problem.pairs.length);
  for (const pairs of bounds.pairsOfProducer) {
    const total = pairs.reduce(
      (sum, q) => sum + (imported[consumerIndex.get(problem.pairs[q]?.consumer ?? '') as number] as number),
      0,
    );
    for (const q of pairs) {
      const mine = imported[consumerIndex.get(problem.pairs[q]?.consumer ?? '') as number] as number;
      target[q] = total > 0 ? (FULL_KEY_BASIS_POINTS * mine) / total : FULL_KEY_BASIS_POINTS / pairs.length;
    }
  }
  return fitToBounds(target, bounds);
}

/** Each producer's 100 % in equal parts. */
export function flatStart(problem: KeyAdviceProblem, bounds: PairBounds): Int32Array {
  const target = new Float64Array(problem.pairs.length);
  for (const pairs of bounds.pairsOfProducer)
    for (const q of pairs) target[q] = FULL_KEY_BASIS_POINTS / pairs.length;
  return fitToBounds(target, bounds);
}

/** Whether a key meets the bounds and every producer's sum stays within 100 %. */
export function withinBounds(key: Int32Array, bounds: PairBounds): boolean {
  for (let q = 0; q < key.length; q++)
    if ((key[q] as number) < (bounds.lo[q] as number) || (key[q] as number) > (bounds.hi[q] as number))
      return false;
  return bounds.pairsOfProducer.every(
    (pairs) => pairs.reduce((sum, q) => sum + (key[q] as number), 0) <= FULL_KEY_BASIS_POINTS,
  );
}

function percent(bp: number): string {
  return (bp / 100).toFixed(2).replace(/\.?0+$/, '');
}
