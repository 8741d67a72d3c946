import { parseKeyFile, validateKeyFile } from '@sdilna/shared/domain-allocation';
import { isValidEan, rulesFor, sharingRounds } from '@sdilna/shared/domain-core';
import { describe, expect, it } from 'vitest';
import { scenarioDefinition, SCENARIO_NAMES } from './scenario-catalog';
import { generateScenarioDays, scenarioKeyFile, scenarioPoints } from './scenario-generator';

const days = (name: (typeof SCENARIO_NAMES)[number], from: string, to: string, seed = 1, eans?: number) => [
  ...generateScenarioDays(scenarioDefinition({ name, seed, ...(eans ? { eans } : {}) }), { from, to, seed }),
];

describe('scenario generator', () => {
  it.each(SCENARIO_NAMES)('%s has valid EANs and a key file that passes the contract checks', (name) => {
    const definition = scenarioDefinition({ name, eans: 120 });
    expect(scenarioPoints(definition).every((point) => isValidEan(point.ean))).toBe(true);
    expect(validateKeyFile(JSON.parse(JSON.stringify(scenarioKeyFile(definition)))).issues).toEqual([]);
  });

  it('is deterministic for a seed and independent of the requested range', () => {
    const april = days('bobnicka', '2026-04-10', '2026-04-11');
    const again = days('bobnicka', '2026-04-01', '2026-04-11').slice(9);
    expect(again.map((d) => d.date)).toEqual(['2026-04-10', '2026-04-11']);
    expect(again[0]?.inValues).toEqual(april[0]?.inValues);
    expect(days('bobnicka', '2026-04-10', '2026-04-10', 2)[0]?.inValues).not.toEqual(april[0]?.inValues);
  });

  it('follows the Prague DST calendar on 2026-03-29 and 2026-10-25', () => {
    expect(days('krizovatka', '2026-03-28', '2026-03-30').map((d) => d.intervalCount)).toEqual([96, 92, 96]);
    expect(days('krizovatka', '2026-10-25', '2026-10-25')[0]?.intervalCount).toBe(100);
  });

  it('produces PV only in daylight and computes OUT within the EDC sign rules', () => {
    const [day] = days('bobnicka', '2026-06-21', '2026-06-21');
    const pv = Array.from(day!.inValues.subarray(0, 96));
    expect(pv.slice(0, 12).every((v) => v === 0)).toBe(true); // 00:00–03:00
    expect(Math.max(...pv.slice(44, 56))).toBeGreaterThan(100); // around noon
    for (let i = 0; i < 96; i++) {
      expect(day!.outValues[i]).toBeGreaterThanOrEqual(0);
      expect(day!.outValues[i]).toBeLessThanOrEqual(day!.inValues[i] as number);
    }
  });

  it('scales a flat without PV to its annual consumption within 10 %', () => {
    const definition = scenarioDefinition({ name: 'bobnicka', seed: 1 });
    const flat = definition.sites[1]!;
    let imported = 0;
    for (const day of generateScenarioDays(definition, { from: '2026-01-01', to: '2026-12-31', seed: 1 })) {
      for (let i = 0; i < day.intervalCount; i++) imported -= day.inValues[day.intervalCount + i] as number;
    }
    expect(imported / 100 / (flat.load?.annualKwh ?? 1)).toBeGreaterThan(0.9);
    expect(imported / 100 / (flat.load?.annualKwh ?? 1)).toBeLessThan(1.1);
  });

  it('builds the P1 shape for 1 000 points: 20 producers with 49 consumers each, one round by the rules', () => {
    const definition = scenarioDefinition({ name: 'synthetic', eans: 1000 });
    const key = parseKeyFile(JSON.parse(JSON.stringify(scenarioKeyFile(definition))));
    const producers = new Set(key.allocations.map((a) => a.producer));
    expect(producers.size).toBe(20);
    expect(key.allocations).toHaveLength(980);
    expect(scenarioPoints(definition)).toHaveLength(1000);
    // The key states no rounds; EDC's rule gives a 1 000-point group one round.
    expect(key.rounds).toBeUndefined();
    expect(
      sharingRounds(rulesFor(definition.communityType, '2026-01-01'), {
        iterationRequested: key.method === 'static-iterative',
        groupPoints: 1000,
        consumptionPoints: 980,
      }),
    ).toBe(1);
  });
});
