import { allocate } from './allocate';
import type { CompiledKey } from './compiled-key';

/** One interval with plain arrays (tests, the API's "what if" for a single interval); same engine underneath. */
export function allocateInterval(
  key: CompiledKey,
  production: readonly number[],
  demand: readonly number[],
): { producerShared: number[]; consumerShared: number[]; pairShared: number[] } {
  const result = allocate(
    key,
    { intervalCount: 1, production: Int32Array.from(production), demand: Int32Array.from(demand) },
    { pairs: true },
  );
  return {
    producerShared: Array.from(result.producerShared),
    consumerShared: Array.from(result.consumerShared),
    pairShared: Array.from(result.pairShared ?? []),
  };
}
