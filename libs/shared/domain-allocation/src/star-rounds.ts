import type { AllocationInput } from './allocation-io';
import type { CompiledKey } from './compiled-key';

/** Work arrays of {@link allocateStarComponent}, sized to the largest component. */
export interface StarScratch {
  /** the consumer's import at the start of the interval */
  readonly demandAtStart: Int32Array;
  /** import not yet covered */
  readonly need: Int32Array;
  /** positions (within the component) of the consumers still on the active list */
  readonly active: Int32Array;
}

/**
 * domain.md §3.2 for a component with one producer — the case confirmed on real EDC data and the shape of almost
 * every group — over all intervals of a block. Same result as key-rounds.ts (the general §3.5 form), written
 * with the producer's base in a local variable and the consumers' needs in contiguous scratch arrays, because
 * this loop is where the engine spends its time (performance.md P1).
 */
export function allocateStarComponent(
  key: CompiledKey,
  component: number,
  rounds: number,
  input: AllocationInput,
  scratch: StarScratch,
  producerShared: Int32Array,
  consumerShared: Int32Array,
  pairShared: Int32Array | undefined,
): void {
  const count = input.intervalCount;
  const { production, demand } = input;
  const { demandAtStart, need, active } = scratch;
  const d = key.componentProducers[key.componentProducerStart[component] as number] as number;
  const from = key.componentPairStart[component] as number;
  const width = (key.componentPairStart[component + 1] as number) - from;
  const consumerOf = key.componentPairConsumer.subarray(from, from + width);
  const keyOf = key.componentPairBasisPoints.subarray(from, from + width);

  let largestKey = 0;
  for (let j = 0; j < width; j++) largestKey = Math.max(largestKey, keyOf[j] as number);

  for (let i = 0; i < count; i++) {
    const exported = production[d * count + i] as number;
    // Nothing can move when even the largest key's share of the export rounds down to 0 (dawn, dusk, night).
    if (exported * largestKey < 10_000) continue;
    // Only consumers that still need energy and can still receive some stay on the active list: a consumer whose
    // share rounded to 0 keeps getting 0 (the base only shrinks), so dropping it does not change the result.
    let activeCount = 0;
    for (let j = 0; j < width; j++) {
      const value = demand[(consumerOf[j] as number) * count + i] as number;
      const needed = value > 0 ? value : 0;
      demandAtStart[j] = needed;
      need[j] = needed;
      if (needed > 0) active[activeCount++] = j;
    }

    let rem = exported;
    for (let round = 0; round < rounds && activeCount > 0; round++) {
      // The base is frozen for the round, so the round's total can be taken from rem afterwards.
      const base = rem;
      let moved = 0;
      let kept = 0;
      for (let a = 0; a < activeCount; a++) {
        const j = active[a] as number;
        const needed = need[j] as number;
        // Exact: base·bp ≤ ~10^11 is an exact double and the quotient is below 2^31, so `| 0` is floor.
        const share = ((base * (keyOf[j] as number)) / 10_000) | 0;
        if (share === 0) continue;
        if (share >= needed) {
          need[j] = 0;
          moved += needed;
          continue;
        }
        need[j] = needed - share;
        moved += share;
        active[kept++] = j;
      }
      activeCount = kept;
      rem -= moved;
    }
    if (rem === exported) continue;

    // The result arrays start zeroed, so only consumers who received something are written.
    producerShared[d * count + i] = exported - rem;
    for (let j = 0; j < width; j++) {
      const got = (demandAtStart[j] as number) - (need[j] as number);
      if (got !== 0) consumerShared[(consumerOf[j] as number) * count + i] = got;
    }
    if (pairShared) {
      for (let j = 0; j < width; j++) {
        const got = (demandAtStart[j] as number) - (need[j] as number);
        if (got !== 0) pairShared[(key.componentPairs[from + j] as number) * count + i] = got;
      }
    }
  }
}
