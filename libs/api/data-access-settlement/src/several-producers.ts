import {
  SettlementError,
  settlementWarning,
  splitByLargestRemainder,
  type PairSharing,
  type SettlementWarning,
} from '@sdilna/shared/domain-settlement';

/** One pair of a stored engine run: the engine's shared energy from one producer to one consumer on one day. */
export interface EnginePair {
  readonly producerEan: string;
  /** the pair's share in the key valid that day (basis points) */
  readonly basisPoints: number;
  /** the engine's pair result per interval of the day */
  readonly shared: ArrayLike<number>;
}

/**
 * One sharing group on one Prague day as the recompute stored it (the sharing read model): per consumer EAN the
 * engine's pair results with the key version valid that day over the stored measured values. Settlement reads
 * them; it never runs the engine.
 */
export interface EngineDay {
  readonly day: string;
  /** index of the day's first interval in the period's series */
  readonly offset: number;
  readonly intervalCount: number;
  /** by consumer EAN: its pairs ordered by producer EAN (the tie-break of the split) */
  readonly consumers: ReadonlyMap<string, readonly EnginePair[]>;
}

export interface SeveralProducersSplit {
  readonly pairs: PairSharing[];
  readonly warnings: SettlementWarning[];
}

/**
 * THE rule for consumers with several producers. domain.md §3.5 is an assumption, so this is the one function to
 * replace once a real multi-producer export (or EDC's own pair report) says how EDC splits.
 *
 * EDC publishes shared energy per EAN only. What a consumer is billed stays EDC's figure (`billed`, per interval
 * of the period); which producer supplied it comes from the allocation engine run with the key version valid
 * that day over the stored measured values (`allocate(…, { pairs: true })`, run and stored by the recompute). In every interval EDC's figure is
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

  for (const day of input.days) {
    const count = day.intervalCount;
    for (const [consumerEan, pairs] of day.consumers) {
      const billed = input.billed.get(consumerEan);
      if (billed === undefined) continue;
      const weights = new Int32Array(pairs.length);
      const parts = new Int32Array(pairs.length);
      const targets = pairs.map((pair) => seriesOf(pair.producerEan, consumerEan));
      for (let i = 0; i < count; i++) {
        const total = billed[day.offset + i] as number;
        if (total === 0) continue;
        let engineTotal = 0;
        pairs.forEach((pair, k) => {
          weights[k] = pair.shared[i] as number;
          engineTotal += weights[k] as number;
        });
        if (engineTotal === 0) {
          pairs.forEach((pair, k) => (weights[k] = pair.basisPoints));
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
  const warnings = [...byKeyShare].map(([ean, intervals]) =>
    settlementWarning(
      'PAIRS_KEY_SHARE',
      { consumer: ean, intervals },
      `consumer ${ean}: in ${intervals} intervals EDC shared energy where the allocation engine shared none; ` +
        "split among its producers by the key's shares",
    ),
  );
  const pairs = [...series.values()]
    .filter((entry) => entry.shared.some((value) => value !== 0))
    .sort((a, b) => compare(a.consumerEan, b.consumerEan) || compare(a.producerEan, b.producerEan));
  return { pairs, warnings };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
