import type { LocalDate } from './prague-calendar';

/** Legal limits per community type (domain.md §2). Dated rules live in this one table, never in constants. */
export type CommunityType = 'active-customer' | 'energy-community' | 'renewable-community';

export const COMMUNITY_TYPES: readonly CommunityType[] = [
  'active-customer',
  'energy-community',
  'renewable-community',
];

export interface CommunityRules {
  readonly maxMeteringPoints: number;
  readonly maxProducersPerConsumer: number;
  /** how many rounds EDC runs for a group (domain.md §3.2); {@link sharingRounds} applies it */
  readonly iteration: IterationRule;
  readonly renewableSourcesOnly: boolean;
  /** cap of one member's votes in basis points of all votes; undefined where members do not vote */
  readonly maxVoteShareBasisPoints: number | undefined;
  /** whether a large enterprise may be a member at all (a renewable community refuses it) */
  readonly admitsLargeEnterprises: boolean;
  /**
   * the declared sizes of an enterprise (SME declaration) that may hold votes: small in an energy community,
   * small and medium in a renewable community; a large enterprise never votes (member-rules.ts)
   */
  readonly votingEnterpriseSizes: readonly ('small' | 'medium')[];
  /**
   * a voting member must be local ("místní příslušnost"): its place lies in one of the community's territory
   * ORPs, and the territory is at most `maxTerritoryOrp` adjacent ORPs or Praha (member-rules.ts)
   */
  readonly votersMustBeLocal: boolean;
  readonly maxTerritoryOrp: number;
}

/**
 * EDC's rule for the rounds of static sharing: a group that asked for iteration at registration and has at most
 * `maxGroupPoints` metering points gets as many rounds as it has consumption points, at most `maxRounds`; any
 * other group gets one round. Nobody chooses the rounds: they follow from the group on each day.
 */
export interface IterationRule {
  readonly maxGroupPoints: number;
  readonly maxRounds: number;
  /** where EDC states the rule */
  readonly source: string;
}

/** A sharing group on one day, as far as the rounds depend on it. */
export interface RoundsGroup {
  /** the group asked EDC for iteration ("iterační výpočet") and the request holds that day */
  readonly iterationRequested: boolean;
  /** metering points of the group that day, production and consumption */
  readonly groupPoints: number;
  /** consumption points (EANo) of the group that day */
  readonly consumptionPoints: number;
}

export interface CommunityRulesEntry {
  readonly type: CommunityType;
  /** inclusive; undefined = since ever */
  readonly validFrom: LocalDate | undefined;
  /** inclusive; undefined = open-ended */
  readonly validTo: LocalDate | undefined;
  readonly rules: CommunityRules;
}

const iteration: IterationRule = {
  maxGroupPoints: 50,
  maxRounds: 5,
  source: 'EDC, Vyhodnocení sdílení elektřiny – popis metodiky a vzorové příklady, rules page',
};

const activeCustomer: CommunityRules = {
  maxMeteringPoints: 11,
  maxProducersPerConsumer: 5,
  iteration,
  renewableSourcesOnly: false,
  maxVoteShareBasisPoints: undefined,
  admitsLargeEnterprises: true,
  votingEnterpriseSizes: [],
  votersMustBeLocal: false,
  maxTerritoryOrp: 3,
};

// The 1 000-point limit is transitional until 30 Jun 2026; the later value is unknown, so we assume it stays
// (a new entry from 2026-07-01 replaces the assumption once the law says otherwise).
const energyCommunity: CommunityRules = {
  maxMeteringPoints: 1000,
  maxProducersPerConsumer: 5,
  iteration,
  renewableSourcesOnly: false,
  maxVoteShareBasisPoints: 1000,
  admitsLargeEnterprises: true,
  votingEnterpriseSizes: ['small'],
  votersMustBeLocal: false,
  maxTerritoryOrp: 3,
};

// §23b of law 458/2000 Sb.: a renewable community admits no large enterprise, its medium enterprises vote too,
// and its control belongs to members near its plants (the 3-ORP territory binds voting and plants from 1 Jul 2026).
const renewableCommunity: CommunityRules = {
  ...energyCommunity,
  renewableSourcesOnly: true,
  admitsLargeEnterprises: false,
  votingEnterpriseSizes: ['small', 'medium'],
  votersMustBeLocal: true,
};

export const DEFAULT_COMMUNITY_RULES: readonly CommunityRulesEntry[] = [
  { type: 'active-customer', validFrom: undefined, validTo: undefined, rules: activeCustomer },
  { type: 'energy-community', validFrom: undefined, validTo: '2026-06-30', rules: energyCommunity },
  { type: 'energy-community', validFrom: '2026-07-01', validTo: undefined, rules: energyCommunity },
  { type: 'renewable-community', validFrom: undefined, validTo: '2026-06-30', rules: renewableCommunity },
  { type: 'renewable-community', validFrom: '2026-07-01', validTo: undefined, rules: renewableCommunity },
];

export function rulesFor(
  type: CommunityType,
  date: LocalDate,
  table: readonly CommunityRulesEntry[] = DEFAULT_COMMUNITY_RULES,
): CommunityRules {
  const entry = table.find(
    (candidate) =>
      candidate.type === type &&
      (candidate.validFrom === undefined || candidate.validFrom <= date) &&
      (candidate.validTo === undefined || date <= candidate.validTo),
  );
  if (!entry) throw new RangeError(`no community rules for ${type} on ${date}`);
  return entry.rules;
}

/**
 * The rounds EDC runs for a group on one day (domain.md §3.2): min(consumption points, maxRounds) when the group
 * asked for iteration and has at most maxGroupPoints points, else 1. A group without consumption points shares
 * nothing whatever the rounds; it gets 1.
 */
export function sharingRounds(rules: CommunityRules, group: RoundsGroup): number {
  const { maxGroupPoints, maxRounds } = rules.iteration;
  if (!group.iterationRequested || group.groupPoints > maxGroupPoints) return 1;
  return Math.max(1, Math.min(group.consumptionPoints, maxRounds));
}

export function isCommunityType(value: unknown): value is CommunityType {
  return typeof value === 'string' && (COMMUNITY_TYPES as readonly string[]).includes(value);
}
