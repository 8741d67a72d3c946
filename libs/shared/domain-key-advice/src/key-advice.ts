import type { AllocationKey } from '@sdilna/shared/domain-allocation';
import type { KeyAdviceProblem } from './advice-problem';
import {
  fitToBounds,
  flatStart,
  pairBounds,
  proportionalStart,
  withinBounds,
  type KeyConstraints,
  type PairBounds,
} from './key-bounds';
import { coordinateSearch, type SearchStart } from './key-search';
import { SharedEnergyEvaluator } from './shared-energy-evaluator';

export interface KeyAdviceProgress {
  /** part of the search done, 0..1 */
  readonly done: number;
}

export interface KeyAdviceOptions extends KeyConstraints {
  /** `consistent` (the proposal) or `plain` (the reference coordinate ascent); see key-search.ts */
  readonly rule?: 'plain' | 'consistent';
  readonly onProgress?: (progress: KeyAdviceProgress) => void;
  /** smallest step of the search in basis points (1) */
  readonly minStep?: number;
  /** starts of the `consistent` search (all three by default; `current` only with a current key) */
  readonly starts?: readonly ('proportional' | 'flat' | 'current')[];
  /** search on copies of the fitted intervals with the export scaled by these factors */
  readonly productionScales?: readonly number[];
}

function withScaledProduction(problem: KeyAdviceProblem, scales: readonly number[]): KeyAdviceProblem {
  return {
    ...problem,
    segments: scales.flatMap((scale) =>
      problem.segments.map((segment) => ({
        ...segment,
        input: {
          ...segment.input,
          production: Int32Array.from(segment.input.production, (value) => Math.round(value * scale)),
        },
      })),
    ),
  };
}

export interface KeyAdvice {
  /** the proposal, basis points per problem pair */
  readonly basisPoints: Int32Array;
  /** the consumption-proportional start the search began from */
  readonly proportional: Int32Array;
  /** the start whose result was kept, per component (proportional, flat or current) */
  readonly startsKept: readonly string[];
  readonly evaluations: number;
}

/**
 * The key that shares most on the fitted intervals under the problem's method and rounds, within the constraints,
 * searched so that it holds up the month after (docs/keys.md explains the method and its limits).
 */
export function adviseKey(problem: KeyAdviceProblem, options: KeyAdviceOptions = {}): KeyAdvice {
  const bounds = pairBounds(problem, options);
  const proportional = proportionalStart(problem, bounds);
  const rule = options.rule ?? 'consistent';
  const wanted = options.starts ?? (rule === 'plain' ? ['proportional'] : ['proportional', 'flat', 'current']);
  const starts: SearchStart[] = [];
  if (wanted.includes('proportional')) starts.push({ name: 'proportional', key: proportional });
  let guard: string | undefined;
  {
    if (wanted.includes('flat')) starts.push({ name: 'flat', key: flatStart(problem, bounds) });
    if (options.current !== undefined && wanted.includes('current')) {
      starts.push({ name: 'current', key: currentStart(options.current, bounds) });
      guard = 'current';
    }
  }
  const searched = options.productionScales ? withScaledProduction(problem, options.productionScales) : problem;
  const evaluator = new SharedEnergyEvaluator(searched, proportional);
  const { key, outcomes } = coordinateSearch(evaluator, bounds, starts, {
    rule,
    ...(options.minStep !== undefined ? { minStep: options.minStep } : {}),
    foldOfSegment: foldsOf(searched, rule),
    ...(guard !== undefined ? { guard } : {}),
    onProgress: (done) => options.onProgress?.({ done }),
  });
  return {
    basisPoints: key,
    proportional,
    startsKept: outcomes.map((o) => o.start),
    evaluations: outcomes.reduce((sum, o) => sum + o.evaluations, 0),
  };
}

/**
 * Folds of the consistency rule: each fitted month split into its odd and even days (the segments carry them),
 * so that a step must help every month and both halves of each.
 */
function foldsOf(problem: KeyAdviceProblem, rule: 'plain' | 'consistent'): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(problem.segments, (segment) => {
    const id = rule === 'plain' ? '0' : `${segment.month}:${segment.fold}`;
    let fold = ids.get(id);
    if (fold === undefined) ids.set(id, (fold = ids.size));
    return fold;
  });
}

/** The current key as a start: as it is where it meets the constraints, else the nearest key that does. */
function currentStart(current: Int32Array, bounds: PairBounds): Int32Array {
  if (withinBounds(current, bounds)) return Int32Array.from(current);
  return fitToBounds(Float64Array.from(current), bounds);
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
