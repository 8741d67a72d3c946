import { describe, expect, it } from 'vitest';
import { maxIterativeRounds, rulesFor, type CommunityRulesEntry } from './community-rules';

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

  it('grants 5 iterative rounds up to 50 points and 1 above', () => {
    const rules = rulesFor('energy-community', '2026-01-01');
    expect(maxIterativeRounds(rules, 50)).toBe(5);
    expect(maxIterativeRounds(rules, 51)).toBe(1);
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
