import {
  allocate,
  type AllocationInput,
  type AllocationResult,
  type CompiledKey,
} from '@sdilna/shared/domain-allocation';
import { SettlementError, splitByLargestRemainder, type PairSharing } from '@sdilna/shared/domain-settlement';

/**
 * One sharing group on one Prague day, laid out for the allocation engine: the key version valid that day
 * compiled for the group's points valid that day, and their stored measured values as engine input.
 */
export interface EngineDay {
  readonly day: string;
  /** index of the day's first interval in the period's series */
  readonly offset: number;
  readonly key: CompiledKey;
  readonly input: AllocationInput;
}

export interface SeveralProducersSplit {
  readonly pairs: PairSharing[];
  readonly warnings: string[];
}

/**
 * THE rule for consumers with several producers. domain.md §3.5 is an assumption, so this is the one function to
 * replace once a real multi-producer export (or EDC's own pair report) says how EDC splits.
 *
 * EDC publishes shared energy per EAN only. What a consumer is billed stays EDC's figure (`billed`, per interval
 * of the period); which producer supplied it comes from the allocation engine run with the key version valid
 * that day over the stored measured values (`allocate(…, { pairs: true })`). In every interval EDC's figure is
 * split among the consumer's producers in proportion to the engine's pair results in that interval, by the
 * largest-remainder method (integers; the parts sum exactly to EDC's figure; equal remainders go to the lower
 * producer EAN). Where the engine and EDC agree (reconciliation without discrepancies) the parts are exactly the
 * engine's pair results. Where EDC shared energy in an interval in which the engine shared nothing with that
 * consumer, the key's shares (basis points) of the consumer's pairs are the weights instead, and a warning says
 * so. A consumer with EDC sharing on a day no key version names its producers cannot be split: INVALID_SHARING.
 */
export function pairsOfSeveralProducers(input: {
  /** intervals of the period */
  readonly intervalCount: number;
  /** EDC's shared energy per interval of the period, by consumer EAN: only consumers with several producers */
  readonly billed: ReadonlyMap<string, ArrayLike<number>>;
  /** every group day of the period that holds one of those consumers */
  readonly days: Iterable<EngineDay>;
}): SeveralProducersSplit {
  const series = new Map<string, { producerEan: string; consumerEan: string; shared: Int32Array }>();
  const seriesOf = (producerEan: string, consumerEan: string): Int32Array => {
    const id = `${producerEan}>${consumerEan}`;
    let entry = series.get(id);
    if (!entry) {
      entry = { producerEan, consumerEan, shared: new Int32Array(input.intervalCount) };
      series.set(id, entry);
    }
    return entry.shared;
  };
  const byKeyShare = new Map<string, number>();
  const splitOf = new Map<string, number>();
  const pairsByEan = new WeakMap<CompiledKey, Map<string, number[]>>();

  for (const day of input.days) {
    const count = day.input.intervalCount;
    let result: AllocationResult | undefined;
    let pairsOf = pairsByEan.get(day.key);
    if (!pairsOf) {
      pairsOf = consumerPairsByProducerEan(day.key);
      pairsByEan.set(day.key, pairsOf);
    }
    for (const [consumerEan, pairs] of pairsOf) {
      const billed = input.billed.get(consumerEan);
      if (billed === undefined) continue;
      result ??= allocate(day.key, day.input, { pairs: true });
      const engine = result.pairShared as Int32Array;
      const weights = new Int32Array(pairs.length);
      const parts = new Int32Array(pairs.length);
      const targets = pairs.map((q) =>
        seriesOf(day.key.producers[day.key.pairProducer[q] as number] as string, consumerEan),
      );
      for (let i = 0; i < count; i++) {
        const total = billed[day.offset + i] as number;
        if (total === 0) continue;
        let engineTotal = 0;
        pairs.forEach((q, k) => {
          weights[k] = engine[q * count + i] as number;
          engineTotal += weights[k] as number;
        });
        if (engineTotal === 0) {
          pairs.forEach((q, k) => (weights[k] = day.key.pairBasisPoints[q] as number));
          byKeyShare.set(consumerEan, (byKeyShare.get(consumerEan) ?? 0) + 1);
        }
        splitByLargestRemainder(total, weights, parts);
        splitOf.set(consumerEan, (splitOf.get(consumerEan) ?? 0) + total);
        targets.forEach((target, k) => (target[day.offset + i] = parts[k] as number));
      }
    }
  }

  // Every unit EDC shared must have found a producer: a day without the consumer in a key leaves some unsplit.
  for (const [consumerEan, billed] of input.billed) {
    let expected = 0;
    for (let i = 0; i < billed.length; i++) expected += billed[i] as number;
    const split = splitOf.get(consumerEan) ?? 0;
    if (split !== expected) {
      throw new SettlementError(
        'INVALID_SHARING',
        `consumer ${consumerEan} has several producers but EDC shared ${(expected - split) / 100} kWh with it on days ` +
          'when no key version names its producers; register the key first',
      );
    }
  }
  const warnings = [...byKeyShare].map(
    ([ean, intervals]) =>
      `consumer ${ean}: in ${intervals} intervals EDC shared energy where the allocation engine shared none; ` +
      "split among its producers by the key's shares",
  );
  const pairs = [...series.values()]
    .filter((entry) => entry.shared.some((value) => value !== 0))
    .sort((a, b) => compare(a.consumerEan, b.consumerEan) || compare(a.producerEan, b.producerEan));
  return { pairs, warnings };
}

/** For each consumer of a compiled key: its pair indices ordered by producer EAN (the tie-break of the split). */
function consumerPairsByProducerEan(key: CompiledKey): Map<string, number[]> {
  const byConsumer = new Map<string, number[]>();
  for (let q = 0; q < key.pairCount; q++) {
    const consumer = key.consumers[key.pairConsumer[q] as number] as string;
    byConsumer.set(consumer, [...(byConsumer.get(consumer) ?? []), q]);
  }
  const producerOf = (q: number) => key.producers[key.pairProducer[q] as number] as string;
  for (const pairs of byConsumer.values()) pairs.sort((a, b) => compare(producerOf(a), producerOf(b)));
  return byConsumer;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
