import type { KwhHundredths } from '@sdilna/shared/domain-core';

import type { PairSharing, SharingSeries } from './settlement-input';
import { SettlementError } from './settlement-error';

/**
 * Builds pair series from what the EDC standard export gives: shared energy per consumption EAN per interval.
 * With one producer per consumer the pair is implied; a consumer with several producers needs the allocation
 * engine's pair results (or the EDC pair report) instead, so it is refused here rather than split by a guess.
 */
export function pairsFromConsumerSharing(input: {
  readonly startUtcMs: number;
  readonly intervalCount: number;
  readonly consumers: readonly { readonly ean: string; readonly shared: ArrayLike<KwhHundredths> }[];
  /** the producers registered for a consumer (from the allocation key) */
  readonly producersOf: (consumerEan: string) => readonly string[];
}): SharingSeries {
  const pairs: PairSharing[] = [];
  for (const consumer of input.consumers) {
    if (consumer.shared.length !== input.intervalCount) {
      throw new SettlementError(
        'INVALID_SHARING',
        `consumer ${consumer.ean} has ${consumer.shared.length} intervals, expected ${input.intervalCount}`,
      );
    }
    const producers = input.producersOf(consumer.ean);
    const hasSharing = Array.prototype.some.call(consumer.shared, (value: number) => value !== 0);
    if (!hasSharing) continue;
    if (producers.length !== 1) {
      throw new SettlementError(
        'INVALID_SHARING',
        `consumer ${consumer.ean} has ${producers.length} producers; use pair results from the allocation`,
      );
    }
    pairs.push({ producerEan: producers[0] as string, consumerEan: consumer.ean, shared: consumer.shared });
  }
  return { startUtcMs: input.startUtcMs, intervalCount: input.intervalCount, pairs };
}
