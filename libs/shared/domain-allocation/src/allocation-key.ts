import type { BasisPoints } from '@sdilna/shared/domain-core';

export type AllocationMethod = 'static' | 'static-iterative' | 'dynamic' | 'hybrid';

export const ALLOCATION_METHODS: readonly AllocationMethod[] = [
  'static',
  'static-iterative',
  'dynamic',
  'hybrid',
];
export const DEFAULT_ITERATIVE_ROUNDS = 5;
export const MAX_ITERATIVE_ROUNDS = 5;
export const MAX_PRIORITY = 5;

/** One (producer, consumer) pair of a key, the share in basis points of the producer's export. */
export interface KeyAllocation {
  readonly producer: string;
  readonly consumer: string;
  readonly basisPoints: BasisPoints;
  /** 1..5; the order in which a consumer draws from its producers (1 first) */
  readonly priority: number;
}

/** A validated key: `rounds` is what the engine runs (1 for `static`, 1..5 for `static-iterative`). */
export interface AllocationKey {
  readonly method: AllocationMethod;
  readonly rounds: number;
  readonly allocations: readonly KeyAllocation[];
}

/** The key file of contract.md §1, as JSON. */
export interface KeyFile {
  readonly method: AllocationMethod;
  readonly rounds?: number;
  readonly allocations: readonly {
    readonly producer: string;
    readonly consumer: string;
    readonly percent: number;
    readonly priority?: number;
  }[];
}
