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
  /** EDC grants `fullRounds` iterative rounds to groups of up to `fullRoundsMaxPoints` points, else `reducedRounds` */
  readonly iterativeRounds: {
    readonly fullRoundsMaxPoints: number;
    readonly fullRounds: number;
    readonly reducedRounds: number;
  };
  readonly renewableSourcesOnly: boolean;
  /** cap of one member's votes in basis points of all votes; undefined where members do not vote */
  readonly maxVoteShareBasisPoints: number | undefined;
}

export interface CommunityRulesEntry {
  readonly type: CommunityType;
  /** inclusive; undefined = since ever */
  readonly validFrom: LocalDate | undefined;
  /** inclusive; undefined = open-ended */
  readonly validTo: LocalDate | undefined;
  readonly rules: CommunityRules;
}

const iterativeRounds = { fullRoundsMaxPoints: 50, fullRounds: 5, reducedRounds: 1 } as const;

const activeCustomer: CommunityRules = {
  maxMeteringPoints: 11,
  maxProducersPerConsumer: 5,
  iterativeRounds,
  renewableSourcesOnly: false,
  maxVoteShareBasisPoints: undefined,
};

// The 1 000-point limit is transitional until 30 Jun 2026; the later value is unknown, so we assume it stays
// (a new entry from 2026-07-01 replaces the assumption once the law says otherwise).
const energyCommunity: CommunityRules = {
  maxMeteringPoints: 1000,
  maxProducersPerConsumer: 5,
  iterativeRounds,
  renewableSourcesOnly: false,
  maxVoteShareBasisPoints: 1000,
};

const renewableCommunity: CommunityRules = { ...energyCommunity, renewableSourcesOnly: true };

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

/** Rounds of `static-iterative` EDC applies to a group of `pointCount` metering points. */
export function maxIterativeRounds(rules: CommunityRules, pointCount: number): number {
  const { fullRoundsMaxPoints, fullRounds, reducedRounds } = rules.iterativeRounds;
  return pointCount <= fullRoundsMaxPoints ? fullRounds : reducedRounds;
}

export function isCommunityType(value: unknown): value is CommunityType {
  return typeof value === 'string' && (COMMUNITY_TYPES as readonly string[]).includes(value);
}
