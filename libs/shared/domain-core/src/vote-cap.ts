import { addDays, type LocalDate } from './prague-calendar';

/** A member's votes over its membership (inclusive dates; `leftOn` null = still a member). */
export interface DatedVoter {
  readonly id: string;
  readonly name: string;
  readonly votes: number;
  readonly joinedOn: LocalDate;
  readonly leftOn: LocalDate | null;
}

export interface VoteCapViolation {
  readonly memberId: string;
  readonly name: string;
  /** the member's share of the votes of that date, in basis points (rounded down) */
  readonly shareBasisPoints: number;
}

export interface VoteCapBreach {
  /** the first date on which a member holds more than the cap */
  readonly date: LocalDate;
  readonly violations: readonly VoteCapViolation[];
}

/** Whether the member's membership holds on `date`. */
export function isMemberOn(voter: Pick<DatedVoter, 'joinedOn' | 'leftOn'>, date: LocalDate): boolean {
  return voter.joinedOn <= date && (voter.leftOn === null || date <= voter.leftOn);
}

/**
 * Members holding more than `capBasisPoints` of the votes on `date`, counting only the members whose membership
 * holds that day (one who joins later or has left does not dilute anyone's share). Integer arithmetic:
 * votes × 10 000 > cap × total.
 */
export function voteCapViolationsOn(
  voters: readonly DatedVoter[],
  capBasisPoints: number,
  date: LocalDate,
): VoteCapViolation[] {
  const present = voters.filter((voter) => voter.votes > 0 && isMemberOn(voter, date));
  const total = present.reduce((sum, voter) => sum + voter.votes, 0);
  if (total === 0) return [];
  return present
    .filter((voter) => voter.votes * 10_000 > capBasisPoints * total)
    .map((voter) => ({
      memberId: voter.id,
      name: voter.name,
      shareBasisPoints: Math.floor((voter.votes * 10_000) / total),
    }));
}

/**
 * The first date from `from` on where the cap is broken, or undefined. The shares change only where a voter joins
 * or the day after one leaves, so those dates (and `from` itself) are all there is to check: the rule is
 * evaluated for every date without walking the calendar.
 */
export function firstVoteCapBreach(
  voters: readonly DatedVoter[],
  capBasisPoints: number,
  from: LocalDate,
): VoteCapBreach | undefined {
  const dates = new Set<LocalDate>([from]);
  for (const voter of voters) {
    if (voter.joinedOn > from) dates.add(voter.joinedOn);
    if (voter.leftOn !== null && voter.leftOn >= from) dates.add(addDays(voter.leftOn, 1));
  }
  for (const date of [...dates].sort()) {
    const violations = voteCapViolationsOn(voters, capBasisPoints, date);
    if (violations.length > 0) return { date, violations };
  }
  return undefined;
}
