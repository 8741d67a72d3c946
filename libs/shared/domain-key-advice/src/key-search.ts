import { FULL_KEY_BASIS_POINTS } from '@sdilna/shared/domain-core';
import type { PairBounds } from './key-bounds';
import type { SharedEnergyEvaluator } from './shared-energy-evaluator';

export interface SearchOptions {
  /**
   * `plain`: accept every change that raises the fitted total. `consistent`: accept a change only when it raises
   * the total and lowers no fold (a fitted month, or half of one), so that no month ends below where it started.
   */
  readonly rule: 'plain' | 'consistent';
  /** fold of each segment of the problem (used by `consistent`) */
  readonly foldOfSegment: Int32Array;
  /** smallest step in basis points (1 = every whole basis point is reachable) */
  readonly minStep?: number;
  /** sweeps over all coordinates per step size before the step is halved */
  readonly maxSweeps?: number;
  /**
   * A step size is left when a whole sweep gained less than this part of the fitted total (1e-5: 0.2 kWh of a
   * 50-point month's 20 000 kWh); the next, finer step size takes over. Sweeps that gain less than that hardly
   * move next month's figure and cost as much as the first one.
   */
  readonly minSweepGain?: number;
}

export interface SearchStart {
  readonly name: string;
  readonly key: Int32Array;
}

export interface ComponentOutcome {
  /** name of the start whose result was kept */
  readonly start: string;
  readonly evaluations: number;
}

/**
 * Coordinate search in whole basis points, component by component (components never influence each other).
 * For one coordinate (pair b) a step +δ is funded from the producer's unused percentage or, when the producer's
 * keys already sum to 100 %, taken from the pair whose loss of δ costs least (measured at the start of the sweep
 * and re-measured for the pairs that changed). Sweeps repeat until none is accepted; then the step halves, from
 * about half the average key down to `minStep`. With several starts the result with the highest fitted total is
 * kept per component.
 */
export function coordinateSearch(
  evaluator: SharedEnergyEvaluator,
  bounds: PairBounds,
  starts: readonly SearchStart[],
  options: SearchOptions & { readonly onProgress?: (fraction: number) => void },
): { key: Int32Array; outcomes: ComponentOutcome[] } {
  const key = Int32Array.from(evaluator.basisPoints);
  const outcomes: ComponentOutcome[] = [];
  evaluator.components.forEach((component, c) => {
    let best: { total: number; values: Int32Array; start: string } | undefined;
    let evaluations = 0;
    for (const [s, start] of starts.entries()) {
      for (const q of component.pairs) evaluator.set(q, start.key[q] as number);
      const search = new ComponentSearch(evaluator, bounds, c, options);
      search.run((part) =>
        options.onProgress?.((c + (s + part) / starts.length) / evaluator.components.length),
      );
      evaluations += search.evaluations;
      const total = sum(search.totals);
      if (best === undefined || total > best.total)
        best = {
          total,
          values: Int32Array.from(component.pairs, (q) => evaluator.basisPoints[q] as number),
          start: start.name,
        };
    }
    if (best === undefined) return;
    component.pairs.forEach((q, k) => {
      key[q] = best!.values[k] as number;
      evaluator.set(q, key[q] as number);
    });
    outcomes.push({ start: best.start, evaluations });
  });
  return { key, outcomes };
}

class ComponentSearch {
  totals: Float64Array;
  evaluations = 0;
  private readonly candidate: Float64Array;
  private readonly foldCount: number;

  constructor(
    private readonly evaluator: SharedEnergyEvaluator,
    private readonly bounds: PairBounds,
    private readonly component: number,
    private readonly options: SearchOptions,
  ) {
    this.totals = new Float64Array(evaluator.segmentCount);
    this.candidate = new Float64Array(evaluator.segmentCount);
    this.foldCount = options.foldOfSegment.reduce((max, f) => Math.max(max, f + 1), 0);
    this.measure(this.totals);
  }

  /** `report` gets the part of the search done (0..1) after each step size. */
  run(report: (part: number) => void): void {
    const pairs = this.evaluator.components[this.component]?.pairs ?? [];
    const producers = this.bounds.pairsOfProducer
      .map((mine) => mine.filter((q) => pairs.includes(q)))
      .filter((mine) => mine.length > 0);
    const averagePairs = pairs.length / Math.max(1, producers.length);
    let step = 1;
    while (step * 2 <= FULL_KEY_BASIS_POINTS / averagePairs / 2) step *= 2;
    const minStep = this.options.minStep ?? 1;
    const maxSweeps = this.options.maxSweeps ?? 8;
    const levels = Math.max(1, Math.floor(Math.log2(step / minStep)) + 1);
    for (let level = 1; step >= minStep; step = Math.floor(step / 2), level++) {
      for (let sweep = 0; sweep < maxSweeps; sweep++) {
        const before = sum(this.totals);
        let improved = false;
        for (const mine of producers) if (this.sweep(mine, step)) improved = true;
        if (!improved || sum(this.totals) - before < before * (this.options.minSweepGain ?? 1e-5)) break;
      }
      report(Math.min(1, level / levels));
      if (step === 1) break;
    }
  }

  /** One pass over a producer's pairs at step δ; true when a step was accepted. */
  private sweep(pairs: readonly number[], step: number): boolean {
    const { evaluator, bounds } = this;
    const bp = evaluator.basisPoints;
    const loss = new Float64Array(pairs.length);
    const measureLoss = (k: number) => {
      const q = pairs[k] as number;
      if ((bp[q] as number) - step < (bounds.lo[q] as number)) {
        loss[k] = Infinity;
        return;
      }
      evaluator.set(q, (bp[q] as number) - step);
      this.measure(this.candidate);
      evaluator.set(q, (bp[q] as number) + step);
      loss[k] = sum(this.totals) - sum(this.candidate);
    };
    for (let k = 0; k < pairs.length; k++) measureLoss(k);
    let improved = false;
    for (let k = 0; k < pairs.length; k++) {
      const b = pairs[k] as number;
      if ((bp[b] as number) + step > (bounds.hi[b] as number)) continue;
      const used = pairs.reduce((total, q) => total + (bp[q] as number), 0);
      let donor = -1;
      if (used + step > FULL_KEY_BASIS_POINTS) {
        let cheapest = Infinity;
        for (let j = 0; j < pairs.length; j++) {
          if (j !== k && (loss[j] as number) < cheapest) {
            cheapest = loss[j] as number;
            donor = j;
          }
        }
        if (donor < 0) continue;
      }
      const a = donor >= 0 ? (pairs[donor] as number) : -1;
      evaluator.set(b, (bp[b] as number) + step);
      if (a >= 0) evaluator.set(a, (bp[a] as number) - step);
      this.measure(this.candidate);
      if (this.accepts(this.candidate)) {
        this.totals.set(this.candidate);
        improved = true;
        measureLoss(k);
        if (donor >= 0) measureLoss(donor);
      } else {
        evaluator.set(b, (bp[b] as number) - step);
        if (a >= 0) evaluator.set(a, (bp[a] as number) + step);
      }
    }
    return improved;
  }

  private accepts(candidate: Float64Array): boolean {
    if (sum(candidate) <= sum(this.totals)) return false;
    if (this.options.rule === 'plain') return true;
    const before = foldSums(this.totals, this.options.foldOfSegment, this.foldCount);
    const after = foldSums(candidate, this.options.foldOfSegment, this.foldCount);
    return after.every((value, f) => value >= (before[f] as number));
  }

  private measure(into: Float64Array): void {
    into.fill(0);
    this.evaluator.evaluateComponent(this.component, into);
    this.evaluations++;
  }
}

function foldSums(totals: Float64Array, foldOfSegment: Int32Array, foldCount: number): Float64Array {
  const folds = new Float64Array(foldCount);
  totals.forEach((value, s) => {
    const f = foldOfSegment[s] as number;
    folds[f] = (folds[f] as number) + value;
  });
  return folds;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let k = 0; k < values.length; k++) total += values[k] as number;
  return total;
}
