import type { KeyAdviceProblem } from './advice-problem';
import { adviseKey, sharedPerMonth, type KeyAdviceOptions } from './key-advice';

/** One step of a walk-forward backtest: keys fitted on `fitted` periods, judged on the period after them. */
export interface WalkForwardStep {
  readonly fitted: readonly number[];
  readonly judged: number;
  /** shared energy (0.01 kWh) on the judged period of each key */
  readonly proposal: number;
  readonly plain: number;
  readonly proportional: number;
  readonly current: number | undefined;
}

/** The periods as the months of one problem (same points and pairs in each), in the given order. */
export function joinPeriods(periods: readonly KeyAdviceProblem[]): KeyAdviceProblem {
  const first = periods[0];
  if (first === undefined) throw new RangeError('no periods to join');
  const same = (a: readonly unknown[], b: readonly unknown[]) =>
    a.length === b.length && a.every((value, k) => JSON.stringify(value) === JSON.stringify(b[k]));
  for (const period of periods) {
    if (
      !same(period.producers, first.producers) ||
      !same(period.consumers, first.consumers) ||
      !same(period.pairs, first.pairs)
    )
      throw new RangeError('periods of a walk-forward need the same points and pairs');
  }
  return {
    ...first,
    segments: periods.flatMap((period, month) =>
      period.segments.map((segment) => ({ ...segment, month: month * 1000 + segment.month })),
    ),
  };
}

/**
 * Expanding-window walk-forward: for k = `minFitted` … n−1, fit on periods 0..k−1 and judge on period k, the way
 * a group would use the advice (register the key fitted on the past, live with it next month). The proposal, the
 * plain coordinate ascent from the consumption-proportional start, the start itself and the current key are each
 * judged by the engine on the judged period.
 */
export function walkForward(
  periods: readonly KeyAdviceProblem[],
  options: KeyAdviceOptions & { readonly minFitted?: number } = {},
): WalkForwardStep[] {
  const steps: WalkForwardStep[] = [];
  for (let k = options.minFitted ?? 1; k < periods.length; k++) {
    const fitted = renumber(joinPeriods(periods.slice(0, k)));
    const judged = periods[k] as KeyAdviceProblem;
    const proposal = adviseKey(fitted, { ...options, kind: 'proposal' });
    const plain = adviseKey(fitted, { ...options, kind: 'plain' });
    const total = (key: Int32Array) => sharedPerMonth(judged, key).reduce((a, b) => a + b, 0);
    steps.push({
      fitted: Array.from({ length: k }, (_, j) => j),
      judged: k,
      proposal: total(proposal.basisPoints),
      plain: total(plain.basisPoints),
      proportional: total(plain.proportional),
      current: options.current !== undefined ? total(options.current) : undefined,
    });
  }
  return steps;
}

/** Months numbered 0.. in order of appearance (joinPeriods spaces them out). */
function renumber(problem: KeyAdviceProblem): KeyAdviceProblem {
  const ids = new Map<number, number>();
  return {
    ...problem,
    segments: problem.segments.map((segment) => {
      let month = ids.get(segment.month);
      if (month === undefined) ids.set(segment.month, (month = ids.size));
      return { ...segment, month };
    }),
  };
}
