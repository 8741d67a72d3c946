import { describe, expect, it } from 'vitest';

import { firstVoteCapBreach, voteCapViolationsOn, type DatedVoter } from './vote-cap';

const voter = (id: string, votes: number, joinedOn: string, leftOn: string | null = null): DatedVoter => ({
  id,
  name: id,
  votes,
  joinedOn,
  leftOn,
});

const ten = (joinedOn: string) => Array.from({ length: 10 }, (_, i) => voter(`v${i}`, 1, joinedOn));

describe('vote cap for any date', () => {
  it('counts only the members whose membership holds on the date', () => {
    const voters = [
      ...ten('2026-01-01'),
      voter('late', 1, '2027-01-01'),
      voter('gone', 5, '2025-01-01', '2025-12-31'),
    ];
    expect(voteCapViolationsOn(voters, 1000, '2026-06-01')).toEqual([]);
    expect(voteCapViolationsOn(voters, 1000, '2025-06-01')).toEqual([
      expect.objectContaining({ memberId: 'gone', shareBasisPoints: 10_000 }),
    ]);
  });

  it('finds a breach on a later date when a member joins late, though today holds', () => {
    // Today: ten voters with 1 vote each, 10 % each. Next year one of them leaves and a big one joins.
    const voters = [
      ...ten('2026-01-01').slice(0, 9),
      voter('v9', 1, '2026-01-01', '2026-12-31'),
      voter('big', 2, '2027-01-01'),
    ];
    expect(firstVoteCapBreach(voters, 1000, '2026-06-01')).toEqual({
      date: '2027-01-01',
      violations: [expect.objectContaining({ memberId: 'big', shareBasisPoints: 1818 })],
    });
  });

  it('does not count a member that joins later in the shares of today', () => {
    // Nine voters today would hold 11.1 % each; a tenth joining tomorrow does not dilute today's shares.
    const voters = [...ten('2026-06-01').slice(0, 9), voter('v9', 1, '2026-06-02')];
    expect(firstVoteCapBreach(voters, 1000, '2026-06-01')?.date).toBe('2026-06-01');
    expect(firstVoteCapBreach(voters, 1000, '2026-06-02')).toBeUndefined();
  });

  it('checks the day after a voter leaves', () => {
    const voters = [...ten('2026-01-01'), voter('leaver', 1, '2026-01-01', '2026-03-31')];
    // Eleven voters hold 9.09 % each until the leaver goes; then ten hold 10 % each: still within the cap.
    expect(firstVoteCapBreach(voters, 1000, '2026-01-01')).toBeUndefined();
    // Seventeen with 1 vote, one with 2 and the leaver: 2 of 20 votes is 10 %; once the leaver goes, 2 of 19 is not.
    const others = Array.from({ length: 17 }, (_, i) => voter(`o${i}`, 1, '2026-01-01'));
    const heavy = [...others, voter('big', 2, '2026-01-01'), voter('leaver', 1, '2026-01-01', '2026-03-31')];
    expect(firstVoteCapBreach(heavy, 1000, '2026-01-01')).toEqual({
      date: '2026-04-01',
      violations: [expect.objectContaining({ memberId: 'big', shareBasisPoints: 1052 })],
    });
  });
});
