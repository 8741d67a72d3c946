import type { CompiledKey } from './compiled-key';
import type { StarScratch } from './star-rounds';

/** Per-interval working state of the engine, allocated once per run and reused for every interval. */
export interface AllocationScratch {
  /** producer export not yet shared */
  readonly rem: Int32Array;
  /** producer export at the start of the current round */
  readonly base: Int32Array;
  /** consumer import not yet covered */
  readonly need: Int32Array;
  /** active pair list of the current round */
  readonly active: Int32Array;
  /** shared energy per pair in the current interval (only when `trackPairs`) */
  readonly pairShared: Int32Array;
  readonly trackPairs: boolean;
  /** work arrays of one-producer components */
  readonly star: StarScratch;
  /** work arrays of the dynamic method */
  readonly candidates: Int32Array;
  readonly remainders: Float64Array;
}

export function createScratch(key: CompiledKey, trackPairs: boolean): AllocationScratch {
  return {
    rem: new Int32Array(key.producers.length),
    base: new Int32Array(key.producers.length),
    need: new Int32Array(key.consumers.length),
    active: new Int32Array(key.pairCount),
    pairShared: new Int32Array(key.pairCount),
    trackPairs,
    star: {
      demandAtStart: new Int32Array(key.pairCount),
      need: new Int32Array(key.pairCount),
      active: new Int32Array(key.pairCount),
    },
    candidates: new Int32Array(key.pairCount),
    remainders: new Float64Array(key.pairCount),
  };
}
