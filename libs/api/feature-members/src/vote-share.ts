export interface VotingMember {
  readonly id: string;
  readonly name: string;
  readonly votes: number;
}

export interface VoteShareViolation {
  readonly memberId: string;
  readonly name: string;
  /** the member's share of all votes, in basis points (rounded down) */
  readonly shareBasisPoints: number;
}

/**
 * Members holding more than `capBasisPoints` of all votes (domain.md section 2: at most 10 % per member).
 * Integer arithmetic: votes × 10 000 > cap × total.
 */
export function voteShareViolations(
  members: readonly VotingMember[],
  capBasisPoints: number,
): VoteShareViolation[] {
  const total = members.reduce((sum, member) => sum + member.votes, 0);
  if (total === 0) return [];
  return members
    .filter((member) => member.votes > 0 && member.votes * 10_000 > capBasisPoints * total)
    .map((member) => ({
      memberId: member.id,
      name: member.name,
      shareBasisPoints: Math.floor((member.votes * 10_000) / total),
    }));
}
