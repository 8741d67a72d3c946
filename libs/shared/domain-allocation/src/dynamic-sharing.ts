import type { AllocationScratch } from './allocation-scratch';
import type { CompiledKey } from './compiled-key';

/**
 * Dynamic sharing (domain.md §3.3, assumed algorithm): a producer covers its consumers' remaining need in full
 * when it can; otherwise each gets floor(P · need / Σ need) and the crumbs of 0.01 kWh go by largest remainder
 * (ties: lower EAN first), so exactly min(P, Σ need) is shared. Keys only define who may receive (a 0 % pair is
 * not eligible). With several producers, producers of the component share one after another in index order and
 * each consumer's producers by priority — the same assumption as §3.5, kept here and in key-rounds.ts.
 */
export function runDynamic(key: CompiledKey, component: number, scratch: AllocationScratch): void {
  const {
    componentProducers,
    componentProducerStart,
    producerPairStart,
    producerPairs,
    pairConsumer,
    pairBasisPoints,
  } = key;
  const { rem, need, candidates, remainders, pairShared, trackPairs } = scratch;
  for (let priority = 1; priority <= 5; priority++) {
    for (
      let p = componentProducerStart[component] as number,
        end = componentProducerStart[component + 1] as number;
      p < end;
      p++
    ) {
      const d = componentProducers[p] as number;
      const available = rem[d] as number;
      if (available === 0) continue;
      let count = 0;
      let totalNeed = 0;
      for (let a = producerPairStart[d] as number, to = producerPairStart[d + 1] as number; a < to; a++) {
        const q = producerPairs[a] as number;
        if ((key.pairPriority[q] as number) !== priority || (pairBasisPoints[q] as number) === 0) continue;
        const needed = need[pairConsumer[q] as number] as number;
        if (needed === 0) continue;
        candidates[count++] = q;
        totalNeed += needed;
      }
      if (count === 0) continue;
      if (totalNeed <= available) {
        for (let c = 0; c < count; c++) {
          const q = candidates[c] as number;
          shareOut(q, need[pairConsumer[q] as number] as number);
        }
        continue;
      }
      let given = 0;
      for (let c = 0; c < count; c++) {
        const q = candidates[c] as number;
        const product = available * (need[pairConsumer[q] as number] as number);
        let share = Math.floor(product / totalNeed);
        // The product is an exact integer below 2^53, but the float quotient may round up across an integer.
        if (share * totalNeed > product) share--;
        remainders[c] = product - share * totalNeed;
        given += share;
        shareOut(q, share);
      }
      let crumbs = available - given;
      if (crumbs > 0) {
        const order = Array.from({ length: count }, (_, c) => c).sort(
          (x, y) =>
            (remainders[y] as number) - (remainders[x] as number) ||
            (key.consumerEanRank[pairConsumer[candidates[x] as number] as number] as number) -
              (key.consumerEanRank[pairConsumer[candidates[y] as number] as number] as number),
        );
        for (const c of order) {
          if (crumbs === 0) break;
          shareOut(candidates[c] as number, 1);
          crumbs--;
        }
      }
    }
  }

  function shareOut(q: number, amount: number): void {
    if (amount === 0) return;
    const o = pairConsumer[q] as number;
    const d = key.pairProducer[q] as number;
    need[o] = (need[o] as number) - amount;
    rem[d] = (rem[d] as number) - amount;
    if (trackPairs) pairShared[q] = (pairShared[q] as number) + amount;
  }
}
