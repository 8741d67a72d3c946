/**
 * The straightforward implementation of domain.md §3.2 that P1 compares the engine with: arrays of objects and
 * number[], the key walked in full every round, fresh arrays per interval. Correct, and written the way one
 * would first write it; not deliberately slow.
 */
export interface BaselinePair {
  producer: number;
  consumer: number;
  basisPoints: number;
}

export interface BaselineInterval {
  production: number[];
  demand: number[];
}

export interface BaselineResult {
  producerShared: number[];
  consumerShared: number[];
}

export function baselineStaticIterative(
  intervals: BaselineInterval[],
  pairs: BaselinePair[],
  rounds: number,
): BaselineResult[] {
  const results: BaselineResult[] = [];
  for (const interval of intervals) {
    const rem = [...interval.production];
    const need = [...interval.demand];
    const consumerShared = interval.demand.map(() => 0);
    for (let round = 1; round <= rounds; round++) {
      const base = [...rem];
      let moved = false;
      for (const pair of pairs) {
        const s = Math.min(
          need[pair.consumer]!,
          Math.floor((base[pair.producer]! * pair.basisPoints) / 10_000),
        );
        if (s > 0) {
          need[pair.consumer]! -= s;
          rem[pair.producer]! -= s;
          consumerShared[pair.consumer]! += s;
          moved = true;
        }
      }
      if (!moved) break;
    }
    results.push({ producerShared: interval.production.map((p, d) => p - rem[d]!), consumerShared });
  }
  return results;
}
