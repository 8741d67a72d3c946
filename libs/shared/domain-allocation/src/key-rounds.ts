import type { CompiledKey } from './compiled-key';
import type { AllocationScratch } from './allocation-scratch';

/**
 * Static sharing by keys in rounds — domain.md §3.2, generalised to several producers per consumer as §3.5
 * assumes. This is the one place to change when a real multi-producer export contradicts the assumption.
 *
 * Each round freezes every producer's base (its export left at the start of the round); each consumer then takes
 * from its producers in priority order `s = min(need, floor(base[d] · k[d][o] / 10 000))`. With one producer per
 * consumer this is exactly §3.2, which reproduces real EDC output.
 *
 * Speed without changing the result: a pair that received nothing in a round can never receive later (bases only
 * shrink), and a satisfied consumer takes nothing more, so both leave the active list. The loop stops when the
 * list is empty, which is §3.2's "stop early if nothing moved" applied per component.
 */
export function runKeyRounds(
  key: CompiledKey,
  component: number,
  rounds: number,
  scratch: AllocationScratch,
): void {
  const {
    pairProducer,
    pairConsumer,
    pairBasisPoints,
    componentPairs,
    componentProducers,
    componentProducerStart,
  } = key;
  const { rem, base, need, active, pairShared } = scratch;
  const trackPairs = scratch.trackPairs;
  const producersFrom = componentProducerStart[component] as number;
  const producersTo = componentProducerStart[component + 1] as number;

  let activeCount = 0;
  for (
    let a = key.componentPairStart[component] as number,
      end = key.componentPairStart[component + 1] as number;
    a < end;
    a++
  ) {
    const q = componentPairs[a] as number;
    if ((pairBasisPoints[q] as number) > 0 && (need[pairConsumer[q] as number] as number) > 0)
      active[activeCount++] = q;
  }

  for (let round = 0; round < rounds && activeCount > 0; round++) {
    for (let p = producersFrom; p < producersTo; p++) {
      const d = componentProducers[p] as number;
      base[d] = rem[d] as number;
    }
    let kept = 0;
    for (let a = 0; a < activeCount; a++) {
      const q = active[a] as number;
      const o = pairConsumer[q] as number;
      const needed = need[o] as number;
      if (needed === 0) continue;
      const d = pairProducer[q] as number;
      // Exact: base·bp ≤ ~10^11 is an exact double and the quotient is below 2^31, so `| 0` is floor.
      let share = (((base[d] as number) * (pairBasisPoints[q] as number)) / 10_000) | 0;
      if (share === 0) continue;
      if (share >= needed) {
        share = needed;
        need[o] = 0;
        rem[d] = (rem[d] as number) - share;
        if (trackPairs) pairShared[q] = (pairShared[q] as number) + share;
        continue;
      }
      need[o] = needed - share;
      rem[d] = (rem[d] as number) - share;
      if (trackPairs) pairShared[q] = (pairShared[q] as number) + share;
      active[kept++] = q;
    }
    activeCount = kept;
  }
}
