import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMMUNITY_TYPES,
  DEFAULT_COMMUNITY_RULES,
  rulesFor,
  sharingRounds,
  type CommunityRulesEntry,
} from './community-rules';

describe('community rules table', () => {
  it('limits an active-customer group to 11 metering points', () => {
    expect(rulesFor('active-customer', '2026-05-01').maxMeteringPoints).toBe(11);
  });

  it('allows 1 000 points to energy communities before and (assumed) after 30 Jun 2026', () => {
    expect(rulesFor('energy-community', '2026-06-30').maxMeteringPoints).toBe(1000);
    expect(rulesFor('energy-community', '2026-07-01').maxMeteringPoints).toBe(1000);
  });

  it('requires renewable sources only in a renewable community', () => {
    expect(rulesFor('renewable-community', '2026-01-01').renewableSourcesOnly).toBe(true);
    expect(rulesFor('energy-community', '2026-01-01').renewableSourcesOnly).toBe(false);
  });

  it('caps votes at 10 % per member in communities and has no voting in active-customer groups', () => {
    expect(rulesFor('energy-community', '2026-01-01').maxVoteShareBasisPoints).toBe(1000);
    expect(rulesFor('active-customer', '2026-01-01').maxVoteShareBasisPoints).toBeUndefined();
  });

  it('allows 5 producers per consumer', () => {
    expect(rulesFor('energy-community', '2026-01-01').maxProducersPerConsumer).toBe(5);
  });

  it('derives rounds as EDC does: consumption points up to 5 when iteration is asked for and the group has ≤ 50 points', () => {
    const rules = rulesFor('energy-community', '2026-01-01');
    const rounds = (iterationRequested: boolean, groupPoints: number, consumptionPoints: number) =>
      sharingRounds(rules, { iterationRequested, groupPoints, consumptionPoints });
    expect(rounds(true, 2, 1)).toBe(1); // EDC example 1: self-sharing
    expect(rounds(true, 3, 2)).toBe(2); // example 2: cottage and flat
    expect(rounds(false, 5, 4)).toBe(1); // example 3: no iteration
    expect(rounds(true, 5, 3)).toBe(3); // example 4: municipality, two producers
    expect(rounds(true, 28, 27)).toBe(5); // the real fixture: 27 flats
    expect(rounds(true, 50, 45)).toBe(5);
    expect(rounds(true, 51, 46)).toBe(1);
  });

  it('carries the rounds rule with its source in every row, the same for every type and date', () => {
    for (const entry of DEFAULT_COMMUNITY_RULES) {
      expect(entry.rules.iteration).toEqual({
        maxGroupPoints: 50,
        maxRounds: 5,
        source: 'EDC, Vyhodnocení sdílení elektřiny – popis metodiky a vzorové příklady, rules page',
      });
    }
    expect(new Set(COMMUNITY_TYPES.map((type) => rulesFor(type, '2026-07-01').iteration.source)).size).toBe(
      1,
    );
  });

  it('never derives more rounds than consumption points, and 1 above 50 points or without iteration', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMUNITY_TYPES),
        fc.constantFrom('2025-01-01', '2026-06-30', '2026-07-01', '2030-01-01'),
        fc.boolean(),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (type, date, iterationRequested, groupPoints, consumptionSeed) => {
          const consumptionPoints = consumptionSeed % (groupPoints + 1);
          const rules = rulesFor(type, date);
          const rounds = sharingRounds(rules, { iterationRequested, groupPoints, consumptionPoints });
          expect(Number.isInteger(rounds)).toBe(true);
          expect(rounds).toBeGreaterThanOrEqual(1);
          expect(rounds).toBeLessThanOrEqual(Math.max(1, consumptionPoints));
          expect(rounds).toBeLessThanOrEqual(rules.iteration.maxRounds);
          if (!iterationRequested || groupPoints > 50) expect(rounds).toBe(1);
          else expect(rounds).toBe(Math.max(1, Math.min(consumptionPoints, 5)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('looks rules up by validity date in a configured table', () => {
    const base = rulesFor('energy-community', '2026-01-01');
    const table: CommunityRulesEntry[] = [
      { type: 'energy-community', validFrom: undefined, validTo: '2026-06-30', rules: base },
      {
        type: 'energy-community',
        validFrom: '2026-07-01',
        validTo: undefined,
        rules: { ...base, maxMeteringPoints: 2000 },
      },
    ];
    expect(rulesFor('energy-community', '2026-06-30', table).maxMeteringPoints).toBe(1000);
    expect(rulesFor('energy-community', '2026-07-01', table).maxMeteringPoints).toBe(2000);
    expect(() => rulesFor('active-customer', '2026-07-01', table)).toThrow(/no community rules/);
  });
});
