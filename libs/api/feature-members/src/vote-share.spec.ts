import { describe, expect, it } from 'vitest';

import { voteShareViolations } from './vote-share';

const members = (votes: number[]) => votes.map((v, i) => ({ id: `m${i}`, name: `Member ${i}`, votes: v }));

describe('voteShareViolations', () => {
  it('accepts ten members with one vote each (exactly 10 % each)', () => {
    expect(voteShareViolations(members(Array(10).fill(1)), 1000)).toEqual([]);
  });

  it('names a member above 10 % with its share', () => {
    expect(voteShareViolations(members([2, ...Array(10).fill(1)]), 1000)).toEqual([
      { memberId: 'm0', name: 'Member 0', shareBasisPoints: 1666 },
    ]);
  });

  it('ignores members without votes and a community where nobody votes', () => {
    expect(voteShareViolations(members([0, 0]), 1000)).toEqual([]);
    expect(voteShareViolations(members([0, ...Array(10).fill(1)]), 1000)).toEqual([]);
  });
});
