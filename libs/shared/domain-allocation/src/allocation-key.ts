import type { BasisPoints } from '@sdilna/shared/domain-core';

export type AllocationMethod = 'static' | 'static-iterative' | 'dynamic' | 'hybrid';

export const ALLOCATION_METHODS: readonly AllocationMethod[] = [
  'static',
  'static-iterative',
  'dynamic',
  'hybrid',
];
/** Range of an explicit what-if `rounds` in a key file (contract.md §1); EDC's own rounds come from the group. */
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

/**
 * A validated key. `static-iterative` says the group asked EDC for iteration; the rounds themselves follow from
 * the group on each day (domain-core `sharingRounds`). `rounds` is set only by an explicit what-if (CLI and
 * simulations), never on a registered key.
 */
export interface AllocationKey {
  readonly method: AllocationMethod;
  readonly rounds?: number | undefined;
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
