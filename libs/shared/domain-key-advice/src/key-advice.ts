import type { AllocationKey } from '@sdilna/shared/domain-allocation';
import type { KeyAdviceProblem } from './advice-problem';
import { pairBounds, proportionalStart, withinBounds, type KeyConstraints } from './key-bounds';
import { coordinateSearch } from './key-search';
import { SharedEnergyEvaluator } from './shared-energy-evaluator';

export interface KeyAdviceProgress {
  /** part of the search done, 0..1 */
  readonly done: number;
}

/**
 * Export levels the proposal is fitted on: the fitted intervals as measured and with every producer's export
 * scaled by these factors. Next month's sun is not this month's; a key that shares well over a band of export
 * levels around the fitted one holds up better than one tuned to the fitted month's exact levels (docs/keys.md,
 * "Method"; the factors were chosen on the walk-forward backtests of the April fixture and the synthetic groups).
 */
export const PROPOSAL_PRODUCTION_SCALES: readonly number[] = [0.9, 1, 1.1];

export interface KeyAdviceOptions extends KeyConstraints {
  /**
   * `proposal` (default): the regularised search below. `plain`: coordinate ascent from the consumption-
   * proportional start on the fitted intervals as they are, the reference the proposal is judged against.
   */
  readonly kind?: 'proposal' | 'plain';
  readonly onProgress?: (progress: KeyAdviceProgress) => void;
  /** export scale factors of the proposal ({@link PROPOSAL_PRODUCTION_SCALES}) */
  readonly productionScales?: readonly number[];
}

export interface KeyAdvice {
  /** the proposal, basis points per problem pair */
  readonly basisPoints: Int32Array;
  /** the consumption-proportional start the search began from */
  readonly proportional: Int32Array;
  /** `proportional`, or `current` where the search from the current key had to keep every month at its level */
  readonly startKept: 'proportional' | 'current';
  readonly evaluations: number;
}

/**
 * The key that shares most on the fitted intervals under the problem's method and rounds, within the constraints,
 * searched so that it holds up the month after (docs/keys.md explains the method and its limits):
 * 1. coordinate search in basis points (key-search.ts) from the consumption-proportional start, on the fitted
 *    intervals at several export levels ({@link PROPOSAL_PRODUCTION_SCALES});
 * 2. where a current key meets the constraints and the result shares less than it on any fitted month, a second
 *    search from the current key that accepts only steps lowering no fitted month (nor either half of one), so
 *    that the proposal never shares less than the registered key on what it was fitted on.
 */
export function adviseKey(problem: KeyAdviceProblem, options: KeyAdviceOptions = {}): KeyAdvice {
  const bounds = pairBounds(problem, options);
  const proportional = proportionalStart(problem, bounds);
  const kind = options.kind ?? 'proposal';
  const scales = kind === 'plain' ? [1] : (options.productionScales ?? PROPOSAL_PRODUCTION_SCALES);
  const current =
    kind === 'proposal' && options.current !== undefined && withinBounds(options.current, bounds)
      ? options.current
      : undefined;
  // The guard's search takes the last part of the progress bar when it runs.
  const report = (from: number, to: number) => (done: number) =>
    options.onProgress?.({ done: from + (to - from) * done });
  const searched = withScaledProduction(problem, scales);
  const first = coordinateSearch(
    new SharedEnergyEvaluator(searched, proportional),
    bounds,
    [{ name: 'proportional', key: proportional }],
    { rule: 'plain', foldOfSegment: new Int32Array(searched.segments.length), onProgress: report(0, 1) },
  );
  let evaluations = first.outcomes.reduce((sum, o) => sum + o.evaluations, 0);
  if (current !== undefined) {
    const before = sharedPerMonth(problem, current);
    const after = sharedPerMonth(problem, first.key);
    if (after.some((value, month) => value < (before[month] as number))) {
      const guarded = coordinateSearch(
        new SharedEnergyEvaluator(problem, current),
        bounds,
        [{ name: 'current', key: Int32Array.from(current) }],
        { rule: 'consistent', foldOfSegment: foldsOf(problem), onProgress: report(1, 1) },
      );
      evaluations += guarded.outcomes.reduce((sum, o) => sum + o.evaluations, 0);
      return { basisPoints: guarded.key, proportional, startKept: 'current', evaluations };
    }
  }
  options.onProgress?.({ done: 1 });
  return { basisPoints: first.key, proportional, startKept: 'proportional', evaluations };
}

function withScaledProduction(problem: KeyAdviceProblem, scales: readonly number[]): KeyAdviceProblem {
  if (scales.length === 1 && scales[0] === 1) return problem;
  return {
    ...problem,
    segments: scales.flatMap((scale) =>
      problem.segments.map((segment) => ({
        ...segment,
        input: {
          ...segment.input,
          production:
            scale === 1
              ? segment.input.production
              : Int32Array.from(segment.input.production, (value) => Math.round(value * scale)),
        },
      })),
    ),
  };
}

/**
 * Folds of the consistency rule: each fitted month split into its odd and even days (the segments carry them),
 * so that a step must help every month and both halves of each.
 */
function foldsOf(problem: KeyAdviceProblem): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(problem.segments, (segment) => {
    const id = `${segment.month}:${segment.fold}`;
    let fold = ids.get(id);
    if (fold === undefined) ids.set(id, (fold = ids.size));
    return fold;
  });
}

/** Shared energy (0.01 kWh) of a key per fitted month, computed by the engine. */
export function sharedPerMonth(problem: KeyAdviceProblem, basisPoints: Int32Array): number[] {
  const totals = new SharedEnergyEvaluator(problem, basisPoints).evaluate();
  const months: number[] = [];
  problem.segments.forEach((segment, s) => {
    months[segment.month] = (months[segment.month] ?? 0) + (totals[s] as number);
  });
  return Array.from(months, (value) => value ?? 0);
}

/** The key as the engine and key files know it. */
export function adviceKey(
  problem: KeyAdviceProblem,
  basisPoints: Int32Array,
  rounds?: number,
): AllocationKey {
  return {
    method: problem.method,
    ...(rounds !== undefined && problem.method === 'static-iterative' ? { rounds } : {}),
    allocations: problem.pairs.map((pair, q) => ({
      producer: pair.producer,
      consumer: pair.consumer,
      priority: pair.priority,
      basisPoints: basisPoints[q] as number,
    })),
  };
}
