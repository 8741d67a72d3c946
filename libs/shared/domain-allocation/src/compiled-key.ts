import type { AllocationKey, AllocationMethod, KeyAllocation } from './allocation-key';

/** The metering points of a group, in the column order of the engine's input and output arrays. */
export interface AllocationGroup {
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
}

/**
 * A key turned into flat integer arrays for the engine. Pairs are ordered by consumer, then priority, then
 * producer EAN; components are the connected parts of the producer–consumer graph, which never influence each
 * other, so the engine can skip a dark component and stop its rounds independently.
 */
export interface CompiledKey {
  readonly method: AllocationMethod;
  /** rounds of static sharing by keys (`static`, `static-iterative`); 1 for the other methods */
  readonly rounds: number;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  readonly pairCount: number;
  readonly pairProducer: Int32Array;
  readonly pairConsumer: Int32Array;
  readonly pairBasisPoints: Int32Array;
  readonly pairPriority: Int32Array;
  readonly componentCount: number;
  /** producers of component c: componentProducers[componentProducerStart[c] .. componentProducerStart[c+1]) */
  readonly componentProducerStart: Int32Array;
  readonly componentProducers: Int32Array;
  readonly componentConsumerStart: Int32Array;
  readonly componentConsumers: Int32Array;
  /** pairs of component c in pair order (consumer, priority) */
  readonly componentPairStart: Int32Array;
  readonly componentPairs: Int32Array;
  /** consumer and key of componentPairs[a], aligned with it, so a one-producer component reads them in sequence */
  readonly componentPairConsumer: Int32Array;
  readonly componentPairBasisPoints: Int32Array;
  /** pairs of producer d ordered by priority, then consumer EAN (for the dynamic methods) */
  readonly producerPairStart: Int32Array;
  readonly producerPairs: Int32Array;
  /** position of each consumer in EAN order (tie-break of the largest-remainder rule) */
  readonly consumerEanRank: Int32Array;
  /** key entries whose producer or consumer is not a point of the group; they have no effect */
  readonly unmatched: readonly KeyAllocation[];
}

export class KeyGroupMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyGroupMismatchError';
  }
}

/** The group implied by a key alone: producers and consumers in order of first appearance. */
export function groupOfKey(key: AllocationKey): AllocationGroup {
  const producers = [...new Set(key.allocations.map((a) => a.producer))];
  const consumers = [...new Set(key.allocations.map((a) => a.consumer))];
  return { producers, consumers };
}

/**
 * `rounds` are the day's rounds of static sharing (see `keyRoundsOn`): EDC derives them from the group, so the
 * caller that knows the group passes them; there is no default.
 */
export function compileKey(
  key: AllocationKey,
  rounds: number,
  group: AllocationGroup = groupOfKey(key),
): CompiledKey {
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new RangeError(`rounds must be a positive integer, got ${rounds}`);
  const producerIndex = indexOf(group.producers);
  const consumerIndex = indexOf(group.consumers);
  const matched: { d: number; o: number; allocation: KeyAllocation }[] = [];
  const unmatched: KeyAllocation[] = [];
  for (const allocation of key.allocations) {
    if (consumerIndex.has(allocation.producer)) {
      throw new KeyGroupMismatchError(
        `key producer ${allocation.producer} is a consumption point of the group`,
      );
    }
    if (producerIndex.has(allocation.consumer)) {
      throw new KeyGroupMismatchError(
        `key consumer ${allocation.consumer} is a production point of the group`,
      );
    }
    const d = producerIndex.get(allocation.producer);
    const o = consumerIndex.get(allocation.consumer);
    if (d === undefined || o === undefined) unmatched.push(allocation);
    else matched.push({ d, o, allocation });
  }
  matched.sort(
    (a, b) =>
      a.o - b.o ||
      a.allocation.priority - b.allocation.priority ||
      compareText(a.allocation.producer, b.allocation.producer),
  );
  const pairCount = matched.length;
  const pairProducer = Int32Array.from(matched, (m) => m.d);
  const pairConsumer = Int32Array.from(matched, (m) => m.o);
  const pairBasisPoints = Int32Array.from(matched, (m) => m.allocation.basisPoints);
  const pairPriority = Int32Array.from(matched, (m) => m.allocation.priority);

  const nP = group.producers.length;
  const nC = group.consumers.length;
  const components = connectedComponents(nP, nC, pairProducer, pairConsumer);

  const byProducer = [...matched.keys()].sort(
    (a, b) =>
      (pairProducer[a] as number) - (pairProducer[b] as number) ||
      (pairPriority[a] as number) - (pairPriority[b] as number) ||
      compareText(
        group.consumers[pairConsumer[a] as number] ?? '',
        group.consumers[pairConsumer[b] as number] ?? '',
      ),
  );
  const producerPairStart = new Int32Array(nP + 1);
  for (const q of byProducer) producerPairStart[(pairProducer[q] as number) + 1]!++;
  for (let d = 0; d < nP; d++) producerPairStart[d + 1]! += producerPairStart[d] as number;

  const consumerEanRank = new Int32Array(nC);
  [...group.consumers.keys()]
    .sort((a, b) => compareText(group.consumers[a] ?? '', group.consumers[b] ?? ''))
    .forEach((o, rank) => (consumerEanRank[o] = rank));

  const componentPairConsumer = components.componentPairs.map((q) => pairConsumer[q] as number);
  const componentPairBasisPoints = components.componentPairs.map((q) => pairBasisPoints[q] as number);

  return {
    method: key.method,
    rounds: key.method === 'static' || key.method === 'static-iterative' ? rounds : 1,
    producers: group.producers,
    consumers: group.consumers,
    pairCount,
    pairProducer,
    pairConsumer,
    pairBasisPoints,
    pairPriority,
    ...components,
    componentPairConsumer,
    componentPairBasisPoints,
    producerPairStart,
    producerPairs: Int32Array.from(byProducer),
    consumerEanRank,
    unmatched,
  };
}

function connectedComponents(nP: number, nC: number, pairProducer: Int32Array, pairConsumer: Int32Array) {
  // Union–find over producers (0..nP) and consumers (nP..nP+nC).
  const parent = Int32Array.from({ length: nP + nC }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  for (let q = 0; q < pairProducer.length; q++) {
    const a = find(pairProducer[q] as number);
    const b = find(nP + (pairConsumer[q] as number));
    if (a !== b) parent[b] = a;
  }
  // Only components with at least one pair matter; points without pairs never share.
  const ids = new Map<number, number>();
  const producersOf: number[][] = [];
  const consumersOf: number[][] = [];
  const pairsOf: number[][] = [];
  const idOf = (root: number): number => {
    let id = ids.get(root);
    if (id === undefined) {
      id = producersOf.length;
      ids.set(root, id);
      producersOf.push([]);
      consumersOf.push([]);
      pairsOf.push([]);
    }
    return id;
  };
  for (let q = 0; q < pairProducer.length; q++) pairsOf[idOf(find(pairProducer[q] as number))]!.push(q);
  for (let d = 0; d < nP; d++) if (ids.has(find(d))) producersOf[idOf(find(d))]!.push(d);
  for (let o = 0; o < nC; o++) if (ids.has(find(nP + o))) consumersOf[idOf(find(nP + o))]!.push(o);
  const producers = flatten(producersOf);
  const consumers = flatten(consumersOf);
  const pairs = flatten(pairsOf);
  return {
    componentCount: producersOf.length,
    componentProducerStart: producers.start,
    componentProducers: producers.items,
    componentConsumerStart: consumers.start,
    componentConsumers: consumers.items,
    componentPairStart: pairs.start,
    componentPairs: pairs.items,
  };
}

/** Lists of indexes as one array plus start offsets (CSR), which the hot loop reads without allocation. */
function flatten(lists: number[][]): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, c) => (start[c + 1] = (start[c] as number) + list.length));
  return { start, items: Int32Array.from(lists.flat()) };
}

function indexOf(values: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  values.forEach((value, i) => {
    if (map.has(value)) throw new KeyGroupMismatchError(`EAN ${value} appears twice in the group`);
    map.set(value, i);
  });
  return map;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
