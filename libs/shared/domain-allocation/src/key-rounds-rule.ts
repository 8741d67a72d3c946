import { sharingRounds, type CommunityRules, type RoundsGroup } from '@sdilna/shared/domain-core';
import type { AllocationKey } from './allocation-key';

/** The rounds a key runs on one day, and the rounds EDC runs for the group that day. */
export interface DayRounds {
  /** what the engine runs: the key's what-if `rounds` where it has one, else `edcRounds` */
  readonly rounds: number;
  /** EDC's rule (domain-core `sharingRounds`) for the group that day */
  readonly edcRounds: number;
}

/**
 * Where no group records the request (the CLI, a simulated key), a key's method states it: `static-iterative` is
 * what a group that asked EDC for iteration registers.
 */
export function keyRequestsIteration(key: AllocationKey): boolean {
  return key.method === 'static-iterative';
}

/** Every path that runs a key asks here: one rule (domain-core), one place where a what-if overrides it. */
export function keyRoundsOn(key: AllocationKey, rules: CommunityRules, group: RoundsGroup): DayRounds {
  const edcRounds = sharingRounds(rules, group);
  return { rounds: key.rounds ?? edcRounds, edcRounds };
}
