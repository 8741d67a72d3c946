import type { AllocationInput } from './allocation-io';

/** Shared energy per producer and consumer column, in the input's layout (the engine's result, or stored). */
export interface SharedColumns {
  readonly producerShared: Int32Array;
  readonly consumerShared: Int32Array;
}

/**
 * Missed sharing per consumption point (docs/keys.md, "Missed sharing"), in 0.01 kWh: over the block's intervals
 * Σ min(R, M[o]), where R = Σ over the group's producers of their remaining export (export − shared, ≥ 0) and
 * M[o] = the consumer's remaining import (import − shared, ≥ 0). It is what the point could have received more in
 * that interval had the key given it everything the group sent to the grid: an upper bound per point. The
 * points' figures do not add up to the group's (domain.md §3.6, min(R, Σ M)): two points cannot both take the
 * same surplus; the group figure is ≤ their sum.
 */
export function missedPerConsumer(input: AllocationInput, shared: SharedColumns): Int32Array {
  const count = input.intervalCount;
  const producers = count === 0 ? 0 : input.production.length / count;
  const consumers = count === 0 ? 0 : input.demand.length / count;
  const missed = new Int32Array(consumers);
  if (count === 0) return missed;
  const surplus = new Int32Array(count);
  for (let d = 0; d < producers; d++) {
    for (let i = 0, at = d * count; i < count; i++, at++) {
      const rest = (input.production[at] as number) - (shared.producerShared[at] as number);
      if (rest > 0) surplus[i] = (surplus[i] as number) + rest;
    }
  }
  for (let o = 0; o < consumers; o++) {
    let sum = 0;
    for (let i = 0, at = o * count; i < count; i++, at++) {
      const available = surplus[i] as number;
      if (available === 0) continue;
      const rest = (input.demand[at] as number) - (shared.consumerShared[at] as number);
      if (rest > 0) sum += rest < available ? rest : available;
    }
    missed[o] = sum;
  }
  return missed;
}
