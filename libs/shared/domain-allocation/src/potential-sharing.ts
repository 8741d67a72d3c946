import type { AllocationInput } from './allocation-io';
import type { CompiledKey } from './compiled-key';

/**
 * "Potential" of domain.md §3.6: static sharing with infinitely many rounds, S[o] = min(D[o], k[o]·H) with H
 * chosen so that Σ S = min(P, Σ D of eligible consumers). Computed exactly in integers by water-filling: consumers
 * in ascending need/key order are filled while the producer's export lasts; the rest get floor(B·k/K) and the
 * 0.01 kWh crumbs by largest remainder. With several producers they fill one after another (an upper bound for
 * comparing keys, not billing). Returns the group's potential per interval.
 */
export function potentialSharing(key: CompiledKey, input: AllocationInput): Int32Array {
  const count = input.intervalCount;
  const potential = new Int32Array(count);
  const need = new Int32Array(key.consumers.length);
  const candidates: number[] = [];
  for (let i = 0; i < count; i++) {
    for (let o = 0; o < key.consumers.length; o++) {
      const value = input.demand[o * count + i] as number;
      need[o] = value > 0 ? value : 0;
    }
    let total = 0;
    for (let d = 0; d < key.producers.length; d++) {
      const exported = input.production[d * count + i] as number;
      if (exported <= 0) continue;
      candidates.length = 0;
      for (
        let a = key.producerPairStart[d] as number, end = key.producerPairStart[d + 1] as number;
        a < end;
        a++
      ) {
        const q = key.producerPairs[a] as number;
        if ((key.pairBasisPoints[q] as number) > 0 && (need[key.pairConsumer[q] as number] as number) > 0)
          candidates.push(q);
      }
      total += waterFill(key, candidates, exported, need);
    }
    potential[i] = total;
  }
  return potential;
}

function waterFill(key: CompiledKey, candidates: number[], exported: number, need: Int32Array): number {
  const consumerOf = (q: number) => key.pairConsumer[q] as number;
  const keyOf = (q: number) => key.pairBasisPoints[q] as number;
  // Ascending need/key, compared by cross-multiplication to stay exact.
  candidates.sort(
    (x, y) => (need[consumerOf(x)] as number) * keyOf(y) - (need[consumerOf(y)] as number) * keyOf(x),
  );
  let budget = exported;
  let keySum = candidates.reduce((sum, q) => sum + keyOf(q), 0);
  let start = 0;
  let shared = 0;
  while (start < candidates.length) {
    const q = candidates[start] as number;
    const needed = need[consumerOf(q)] as number;
    if (needed * keySum > budget * keyOf(q)) break;
    need[consumerOf(q)] = 0;
    budget -= needed;
    keySum -= keyOf(q);
    shared += needed;
    start++;
  }
  if (start === candidates.length || budget === 0) return shared;
  const rest = candidates.slice(start);
  const remainders = rest.map((q) => {
    const product = budget * keyOf(q);
    let share = Math.floor(product / keySum);
    if (share * keySum > product) share--;
    need[consumerOf(q)] = (need[consumerOf(q)] as number) - share;
    shared += share;
    return { q, remainder: product - share * keySum };
  });
  let crumbs = exported - shared;
  remainders.sort(
    (x, y) =>
      y.remainder - x.remainder ||
      (key.consumerEanRank[consumerOf(x.q)] as number) - (key.consumerEanRank[consumerOf(y.q)] as number),
  );
  for (const { q } of remainders) {
    if (crumbs === 0) break;
    need[consumerOf(q)] = (need[consumerOf(q)] as number) - 1;
    shared++;
    crumbs--;
  }
  return shared;
}
