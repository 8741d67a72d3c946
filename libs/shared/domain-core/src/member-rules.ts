import { type CommunityType, rulesFor, type CommunityRules } from './community-rules';
import type { MemberKind } from './member-kinds';
import type { LocalDate } from './prague-calendar';

/**
 * The size an enterprise declares when it joins (the SME declaration, "prohlášení o velikosti podniku" by the
 * EU definition: small < 50 staff and ≤ 10 M EUR, medium < 250 staff and ≤ 50 M EUR turnover, large otherwise).
 * A member of kind `sme` declares small or medium; a `large-enterprise` is large by its kind.
 */
export const ENTERPRISE_SIZES = ['small', 'medium', 'large'] as const;

export type EnterpriseSize = (typeof ENTERPRISE_SIZES)[number];

/** Praha is one territory of its own in the locality rule; every other territory is a set of ORPs. */
export const PRAHA = 'Praha';

export interface MemberUnderRules {
  readonly kind: MemberKind;
  readonly votes: number;
  /** the SME declaration; null = not declared */
  readonly enterpriseSize: EnterpriseSize | null;
  /** the ORP (obec s rozšířenou působností) where the member's points lie; null = not stated */
  readonly orp: string | null;
}

export interface CommunityUnderRules {
  readonly type: CommunityType;
  /** the ORPs the community declares as its territory (adjacent; not checked here, no map data) */
  readonly territoryOrp: readonly string[];
}

export type MemberRuleCode =
  | 'RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE'
  | 'ENTERPRISE_SIZE_CONFLICT'
  | 'VOTING_NOT_APPLICABLE'
  | 'SME_DECLARATION_MISSING'
  | 'ENTERPRISE_MAY_NOT_VOTE'
  | 'VOTER_NOT_LOCAL';

export interface MemberRuleViolation {
  readonly code: MemberRuleCode;
  readonly message: string;
}

/** Member kinds that vote whatever their size: natural persons and municipalities with their organisations. */
const VOTING_KINDS: ReadonlySet<MemberKind> = new Set(['household', 'municipality', 'municipal-unit']);

/** The declared size of a member, or the size its kind implies; undefined where size does not apply or is unknown. */
export function enterpriseSizeOf(
  member: Pick<MemberUnderRules, 'kind' | 'enterpriseSize'>,
): EnterpriseSize | undefined {
  if (member.kind === 'large-enterprise') return 'large';
  if (member.kind === 'sme') return member.enterpriseSize ?? undefined;
  return undefined;
}

/**
 * The first legal rule of the rules table (community-rules.ts) that a member breaks on `date`, or undefined:
 * admission of a large enterprise, the SME declaration agreeing with the kind, who may vote (natural persons,
 * municipalities, small enterprises; medium ones too in a renewable community; never a large enterprise) and,
 * in a renewable community, that a voter is local (its ORP is one of the community's territory).
 */
export function memberRuleViolation(
  community: CommunityUnderRules,
  member: MemberUnderRules,
  date: LocalDate,
): MemberRuleViolation | undefined {
  const rules: CommunityRules = rulesFor(community.type, date);
  if (member.kind === 'large-enterprise' && !rules.admitsLargeEnterprises) {
    return violation(
      'RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE',
      'A renewable community (SOZE) cannot admit a large enterprise',
    );
  }
  if (member.enterpriseSize !== null) {
    const expected =
      member.kind === 'large-enterprise' ? ['large'] : member.kind === 'sme' ? ['small', 'medium'] : [];
    if (!expected.includes(member.enterpriseSize)) {
      return violation(
        'ENTERPRISE_SIZE_CONFLICT',
        member.kind === 'sme' || member.kind === 'large-enterprise'
          ? `enterpriseSize ${member.enterpriseSize} contradicts kind ${member.kind}; expected ${expected.join(' or ')}`
          : `Only an enterprise (kind sme or large-enterprise) declares enterpriseSize; kind ${member.kind} has none`,
      );
    }
  }
  if (member.votes === 0) return undefined;
  if (rules.maxVoteShareBasisPoints === undefined) {
    return violation(
      'VOTING_NOT_APPLICABLE',
      `Members of an ${community.type} group do not vote; votes must be 0`,
    );
  }
  if (!VOTING_KINDS.has(member.kind)) {
    const size = enterpriseSizeOf(member);
    if (member.kind === 'sme' && size === undefined) {
      return violation(
        'SME_DECLARATION_MISSING',
        'An SME votes only with its declared size (enterpriseSize small or medium); record the SME declaration first',
      );
    }
    if (size === undefined || size === 'large' || !rules.votingEnterpriseSizes.includes(size)) {
      const who = size === undefined ? `A member of kind ${member.kind}` : `A ${size} enterprise`;
      return violation(
        'ENTERPRISE_MAY_NOT_VOTE',
        `${who} may not vote in an ${community.type}; votes must be 0 (voting: natural persons, municipalities, ${rules.votingEnterpriseSizes.join(' and ')} enterprises)`,
      );
    }
  }
  if (rules.votersMustBeLocal) {
    const territory = community.territoryOrp;
    if (member.orp === null || !territory.includes(member.orp)) {
      return violation(
        'VOTER_NOT_LOCAL',
        territory.length === 0
          ? 'A voting member of a renewable community must be local, and the community has no territory: set its territoryOrp first'
          : `A voting member of a renewable community must be local: its orp (${member.orp ?? 'not stated'}) must be one of the community's territory (${territory.join(', ')})`,
      );
    }
  }
  return undefined;
}

/**
 * Whether a community's declared territory can be local at all: Praha alone, or at most `maxTerritoryOrp` ORPs
 * (their adjacency is the administrator's declaration). Returns the problem, or undefined.
 */
export function territoryProblem(
  type: CommunityType,
  territoryOrp: readonly string[],
  date: LocalDate,
): string | undefined {
  const { maxTerritoryOrp, votersMustBeLocal } = rulesFor(type, date);
  if (!votersMustBeLocal) return undefined;
  if (territoryOrp.includes(PRAHA) && territoryOrp.length > 1)
    return `Praha is a territory of its own; territoryOrp must be [${PRAHA}] alone`;
  if (territoryOrp.length > maxTerritoryOrp)
    return `A renewable community's territory is at most ${maxTerritoryOrp} adjacent ORPs; got ${territoryOrp.length}`;
  return undefined;
}

function violation(code: MemberRuleCode, message: string): MemberRuleViolation {
  return { code, message };
}
