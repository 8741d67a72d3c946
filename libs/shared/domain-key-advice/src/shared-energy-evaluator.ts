import {
  allocate,
  compileKey,
  type AllocationInput,
  type CompiledKey,
} from '@sdilna/shared/domain-allocation';
import type { KeyAdviceProblem } from './advice-problem';

/** One connected part of the producer–consumer graph: a change of its keys changes only its own sharing. */
export interface AdviceComponent {
  /** problem pair indexes */
  readonly pairs: readonly number[];
  /** problem producer indexes */
  readonly producers: readonly number[];
  /** problem consumer indexes */
  readonly consumers: readonly number[];
}

interface ComponentRun {
  readonly segment: number;
  readonly key: CompiledKey;
  readonly input: AllocationInput;
  readonly into: { producerShared: Int32Array; consumerShared: Int32Array };
}

interface ComponentState {
  readonly component: AdviceComponent;
  /** one compiled key per rounds value; the evaluator writes candidate keys into them */
  readonly keys: readonly CompiledKey[];
  readonly runs: readonly ComponentRun[];
  /** for the component's k-th pair: its index in the compiled keys and its position in `componentPairs` */
  readonly compiledPair: Int32Array;
  readonly compiledPosition: Int32Array;
}

/**
 * Shared energy of candidate keys, fast enough for a search that tries thousands of them, and exactly what
 * `allocate` computes (a unit test holds the totals equal to 0.01 kWh): it *is* `allocate`, run per component
 * on the component's own columns, with two shortcuts that cannot change a total:
 * - intervals where the component has no export or no import are dropped once (nothing can be shared there);
 * - the component is compiled once per rounds value, and a candidate key is written into the compiled key's
 *   basis-point arrays instead of compiling it again (compiling sorts and allocates; the search changes one or
 *   two pairs at a time, and the rest of the compiled form depends only on the pairs and priorities).
 */
export class SharedEnergyEvaluator {
  readonly components: readonly AdviceComponent[];
  readonly segmentCount: number;
  /** the key being evaluated, basis points per problem pair */
  readonly basisPoints: Int32Array;
  private readonly states: readonly ComponentState[];
  private readonly componentOfPair: Int32Array;
  private readonly indexInComponent: Int32Array;

  constructor(problem: KeyAdviceProblem, basisPoints: Int32Array) {
    if (basisPoints.length !== problem.pairs.length)
      throw new RangeError(`${problem.pairs.length} basis-point values expected, got ${basisPoints.length}`);
    this.basisPoints = Int32Array.from(basisPoints);
    this.segmentCount = problem.segments.length;
    this.components = componentsOf(problem);
    this.componentOfPair = new Int32Array(problem.pairs.length);
    this.indexInComponent = new Int32Array(problem.pairs.length);
    this.states = this.components.map((component, c) => {
      component.pairs.forEach((q, k) => {
        this.componentOfPair[q] = c;
        this.indexInComponent[q] = k;
      });
      return this.buildState(problem, component);
    });
  }

  /** Sets one pair's basis points in every compiled copy. */
  set(pair: number, basisPoints: number): void {
    this.basisPoints[pair] = basisPoints;
    const state = this.states[this.componentOfPair[pair] as number] as ComponentState;
    const k = this.indexInComponent[pair] as number;
    const q = state.compiledPair[k] as number;
    const a = state.compiledPosition[k] as number;
    for (const key of state.keys) {
      key.pairBasisPoints[q] = basisPoints;
      key.componentPairBasisPoints[a] = basisPoints;
    }
  }

  /** Shared energy (0.01 kWh) of component c per segment, added into `into` (length `segmentCount`). */
  evaluateComponent(c: number, into: Float64Array): void {
    const state = this.states[c] as ComponentState;
    for (const run of state.runs) {
      const result = allocate(run.key, run.input, { into: run.into });
      let shared = 0;
      const values = result.producerShared;
      for (let k = 0; k < values.length; k++) shared += values[k] as number;
      into[run.segment] = (into[run.segment] as number) + shared;
    }
  }

  /** Shared energy of the whole key per segment. */
  evaluate(): Float64Array {
    const totals = new Float64Array(this.segmentCount);
    for (let c = 0; c < this.states.length; c++) this.evaluateComponent(c, totals);
    return totals;
  }

  private buildState(problem: KeyAdviceProblem, component: AdviceComponent): ComponentState {
    const producers = component.producers.map((d) => problem.producers[d] as string);
    const consumers = component.consumers.map((o) => problem.consumers[o] as string);
    const allocations = component.pairs.map((q) => ({
      ...(problem.pairs[q] as (typeof problem.pairs)[number]),
      basisPoints: this.basisPoints[q] as number,
    }));
    const keyOf = new Map<number, CompiledKey>();
    const compiledFor = (rounds: number): CompiledKey => {
      let key = keyOf.get(rounds);
      if (key === undefined) {
        key = compileKey({ method: problem.method, allocations }, rounds, { producers, consumers });
        keyOf.set(rounds, key);
      }
      return key;
    };
    const first = compiledFor(1);
    const compiledPair = new Int32Array(component.pairs.length);
    const compiledPosition = new Int32Array(component.pairs.length);
    const byEans = new Map<string, number>();
    for (let q = 0; q < first.pairCount; q++)
      byEans.set(
        `${producers[first.pairProducer[q] as number]}-${consumers[first.pairConsumer[q] as number]}`,
        q,
      );
    const position = new Int32Array(first.pairCount);
    first.componentPairs.forEach((q, a) => (position[q] = a));
    component.pairs.forEach((pair, k) => {
      const { producer, consumer } = problem.pairs[pair] as (typeof problem.pairs)[number];
      const q = byEans.get(`${producer}-${consumer}`) as number;
      compiledPair[k] = q;
      compiledPosition[k] = position[q] as number;
    });

    const runs: ComponentRun[] = [];
    problem.segments.forEach((segment, s) => {
      const input = componentInput(segment.input, component);
      if (input.intervalCount === 0) return;
      runs.push({
        segment: s,
        key: compiledFor(segment.rounds),
        input,
        into: {
          producerShared: new Int32Array(producers.length * input.intervalCount),
          consumerShared: new Int32Array(consumers.length * input.intervalCount),
        },
      });
    });
    return { component, keys: [...keyOf.values()], runs, compiledPair, compiledPosition };
  }
}

/** The component's columns of a block, without the intervals where it has no export or no import. */
function componentInput(input: AllocationInput, component: AdviceComponent): AllocationInput {
  const count = input.intervalCount;
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    let exported = false;
    for (const d of component.producers) if ((input.production[d * count + i] as number) > 0) exported = true;
    if (!exported) continue;
    for (const o of component.consumers) {
      if ((input.demand[o * count + i] as number) > 0) {
        kept.push(i);
        break;
      }
    }
  }
  const n = kept.length;
  const production = new Int32Array(component.producers.length * n);
  const demand = new Int32Array(component.consumers.length * n);
  component.producers.forEach((d, column) => {
    kept.forEach((i, j) => (production[column * n + j] = input.production[d * count + i] as number));
  });
  component.consumers.forEach((o, column) => {
    kept.forEach((i, j) => (demand[column * n + j] = input.demand[o * count + i] as number));
  });
  return { intervalCount: n, production, demand };
}

/** Connected components of the pairs (union–find over producers and consumers). */
export function componentsOf(problem: KeyAdviceProblem): AdviceComponent[] {
  const nP = problem.producers.length;
  const producerIndex = new Map(problem.producers.map((ean, d) => [ean, d]));
  const consumerIndex = new Map(problem.consumers.map((ean, o) => [ean, o]));
  const parent = Int32Array.from({ length: nP + problem.consumers.length }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x] as number] as number;
    return x;
  };
  const ends = problem.pairs.map((pair) => {
    const d = producerIndex.get(pair.producer);
    const o = consumerIndex.get(pair.consumer);
    if (d === undefined || o === undefined)
      throw new RangeError(`pair ${pair.producer}-${pair.consumer} names a point outside the problem`);
    return { d, o };
  });
  for (const { d, o } of ends) {
    const a = find(d);
    const b = find(nP + o);
    if (a !== b) parent[b] = a;
  }
  const byRoot = new Map<number, { pairs: number[]; producers: Set<number>; consumers: Set<number> }>();
  ends.forEach(({ d, o }, q) => {
    const root = find(d);
    let entry = byRoot.get(root);
    if (!entry) byRoot.set(root, (entry = { pairs: [], producers: new Set(), consumers: new Set() }));
    entry.pairs.push(q);
    entry.producers.add(d);
    entry.consumers.add(o);
  });
  return [...byRoot.values()].map((entry) => ({
    pairs: entry.pairs,
    producers: [...entry.producers].sort((a, b) => a - b),
    consumers: [...entry.consumers].sort((a, b) => a - b),
  }));
}
