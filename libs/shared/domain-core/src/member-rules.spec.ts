import { describe, expect, it } from 'vitest';

import { memberRuleViolation, territoryProblem, type MemberUnderRules } from './member-rules';

const energy = { type: 'energy-community' as const, territoryOrp: ['Semily'] };
const renewable = { type: 'renewable-community' as const, territoryOrp: ['Semily', 'Jilemnice'] };
const day = '2026-12-01';

const member = (over: Partial<MemberUnderRules>): MemberUnderRules => ({
  kind: 'household',
  votes: 0,
  enterpriseSize: null,
  orp: null,
  ...over,
});

const codeOf = (community: typeof energy | typeof renewable, over: Partial<MemberUnderRules>) =>
  memberRuleViolation(community, member(over), day)?.code;

describe('member rules', () => {
  it('refuses a large enterprise in a renewable community and admits it in an energy community', () => {
    expect(codeOf(renewable, { kind: 'large-enterprise' })).toBe(
      'RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE',
    );
    expect(codeOf(energy, { kind: 'large-enterprise' })).toBeUndefined();
  });

  it('lets a large enterprise be a member of an energy community but never vote there', () => {
    expect(codeOf(energy, { kind: 'large-enterprise', votes: 1 })).toBe('ENTERPRISE_MAY_NOT_VOTE');
    expect(memberRuleViolation(energy, member({ kind: 'large-enterprise', votes: 1 }), day)?.message).toMatch(
      /large enterprise may not vote in an energy-community/,
    );
  });

  it('lets an SME vote only with its declaration: small in an energy community, medium too in a renewable one', () => {
    expect(codeOf(energy, { kind: 'sme', votes: 1 })).toBe('SME_DECLARATION_MISSING');
    expect(codeOf(energy, { kind: 'sme', votes: 1, enterpriseSize: 'small' })).toBeUndefined();
    expect(codeOf(energy, { kind: 'sme', votes: 1, enterpriseSize: 'medium' })).toBe(
      'ENTERPRISE_MAY_NOT_VOTE',
    );
    expect(
      codeOf(renewable, { kind: 'sme', votes: 1, enterpriseSize: 'medium', orp: 'Semily' }),
    ).toBeUndefined();
    expect(codeOf(energy, { kind: 'sme', enterpriseSize: 'medium' })).toBeUndefined();
  });

  it('refuses a declaration that contradicts the kind', () => {
    expect(codeOf(energy, { kind: 'sme', enterpriseSize: 'large' })).toBe('ENTERPRISE_SIZE_CONFLICT');
    expect(codeOf(energy, { kind: 'large-enterprise', enterpriseSize: 'small' })).toBe(
      'ENTERPRISE_SIZE_CONFLICT',
    );
    expect(codeOf(energy, { kind: 'household', enterpriseSize: 'small' })).toBe('ENTERPRISE_SIZE_CONFLICT');
  });

  it('refuses a vote of a kind the law does not name as voting', () => {
    expect(codeOf(energy, { kind: 'other', votes: 1 })).toBe('ENTERPRISE_MAY_NOT_VOTE');
    expect(codeOf(energy, { kind: 'municipality', votes: 1 })).toBeUndefined();
  });

  it('refuses votes in an active-customer group', () => {
    expect(codeOf({ type: 'active-customer', territoryOrp: [] } as never, { votes: 1 })).toBe(
      'VOTING_NOT_APPLICABLE',
    );
  });

  it('lets only local members vote in a renewable community: their ORP is one of its territory', () => {
    expect(codeOf(renewable, { votes: 1, orp: 'Jilemnice' })).toBeUndefined();
    expect(codeOf(renewable, { votes: 1, orp: 'Liberec' })).toBe('VOTER_NOT_LOCAL');
    expect(codeOf(renewable, { votes: 1 })).toBe('VOTER_NOT_LOCAL');
    expect(codeOf(renewable, { votes: 0, orp: 'Liberec' })).toBeUndefined();
    expect(codeOf(energy, { votes: 1, orp: 'Liberec' })).toBeUndefined();
    expect(
      memberRuleViolation(
        { type: 'renewable-community', territoryOrp: [] },
        member({ votes: 1, orp: 'X' }),
        day,
      )?.message,
    ).toMatch(/set its territoryOrp first/);
  });

  it('bounds a renewable territory to three ORPs or Praha alone', () => {
    expect(territoryProblem('renewable-community', ['A', 'B', 'C'], day)).toBeUndefined();
    expect(territoryProblem('renewable-community', ['A', 'B', 'C', 'D'], day)).toMatch(/at most 3/);
    expect(territoryProblem('renewable-community', ['Praha', 'A'], day)).toMatch(/Praha/);
    expect(territoryProblem('energy-community', ['A', 'B', 'C', 'D'], day)).toBeUndefined();
  });
});
