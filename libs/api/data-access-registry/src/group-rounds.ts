import { iterationRequestedOn, type IterationPeriod } from './iteration-periods';
import { rulesFor, sharingRounds, type CommunityType } from '@sdilna/shared/domain-core';

/**
 * EDC's rounds for each sharing group of a community and day (domain-core `sharingRounds`): the group's request
 * for iteration that day (sharing_group_iteration_periods) and its points valid that day. Recompute,
 * reconciliation, simulations and settlement run registered keys with these rounds; nothing else decides them.
 */
export class GroupRounds {
  constructor(
    private readonly communityType: CommunityType,
    private readonly periods: ReadonlyMap<string, readonly IterationPeriod[]>,
  ) {}

  iterationRequested(sharingGroupId: string, day: string): boolean {
    return iterationRequestedOn(this.periods.get(sharingGroupId) ?? [], day);
  }

  on(sharingGroupId: string, day: string, producers: number, consumers: number): number {
    return sharingRounds(rulesFor(this.communityType, day), {
      iterationRequested: this.iterationRequested(sharingGroupId, day),
      groupPoints: producers + consumers,
      consumptionPoints: consumers,
    });
  }
}
