import fc from 'fast-check';
import { rulesFor } from '@sdilna/shared/domain-core';
import { describe, expect, it } from 'vitest';
import { allocateInterval } from './allocate-interval';
import { testEan } from './allocation-test-factory';
import { compileKey } from './compiled-key';
import { parseKeyFile } from './key-file';
import { keyRequestsIteration, keyRoundsOn } from './key-rounds-rule';

/**
 * EDC's worked examples (domain.md §3.5a) through key files that state the method and no rounds, as a group
 * registers them: the rounds come from the group (every point of the example is in it).
 */
interface Example {
  readonly key: {
    method: string;
    allocations: { producer: string; consumer: string; percent: number; priority?: number }[];
  };
  /** kWh ×100 per producer and consumer EAN */
  readonly production: Readonly<Record<string, number>>;
  readonly demand: Readonly<Record<string, number>>;
}

function run(example: Example) {
  const key = parseKeyFile(example.key);
  const producers = Object.keys(example.production);
  const consumers = Object.keys(example.demand);
  const rounds = keyRoundsOn(key, rulesFor('active-customer', '2026-01-01'), {
    iterationRequested: keyRequestsIteration(key),
    groupPoints: producers.length + consumers.length,
    consumptionPoints: consumers.length,
  });
  const compiled = compileKey(key, rounds.rounds, { producers, consumers });
  const result = allocateInterval(
    compiled,
    producers.map((d) => example.production[d] as number),
    consumers.map((o) => example.demand[o] as number),
  );
  const pair = (producer: string, consumer: string) => {
    for (let q = 0; q < compiled.pairCount; q++)
      if (
        compiled.producers[compiled.pairProducer[q] as number] === producer &&
        compiled.consumers[compiled.pairConsumer[q] as number] === consumer
      )
        return result.pairShared[q];
    throw new Error(`no pair ${producer}>${consumer}`);
  };
  const left = (producer: string) =>
    (example.production[producer] as number) - (result.producerShared[producers.indexOf(producer)] as number);
  const got = (consumer: string) => result.consumerShared[consumers.indexOf(consumer)];
  return { rounds: rounds.rounds, edcRounds: rounds.edcRounds, pair, left, got };
}

const D = testEan('producer', 1);
const D1 = testEan('producer', 2);
const D2 = testEan('producer', 3);
const [O1, O2, O3, O4] = [1, 2, 3, 4].map((n) => testEan('consumer', n)) as [string, string, string, string];

const selfSharing: Example = {
  key: {
    method: 'static-iterative',
    allocations: [{ producer: D, consumer: O1, percent: 100, priority: 1 }],
  },
  production: { [D]: 951 },
  demand: { [O1]: 422 },
};

const cottageAndFlat: Example = {
  key: {
    method: 'static-iterative',
    allocations: [
      { producer: D, consumer: O1, percent: 40 },
      { producer: D, consumer: O2, percent: 60 },
    ],
  },
  production: { [D]: 751 },
  demand: { [O1]: 37, [O2]: 1221 },
};

const blockOfFlats: Example = {
  key: {
    method: 'static',
    allocations: [O1, O2, O3, O4].map((consumer) => ({ producer: D, consumer, percent: 25 })),
  },
  production: { [D]: 1742 },
  demand: { [O1]: 45, [O2]: 233, [O3]: 425, [O4]: 1520 },
};

/** office O1, library O2, kindergarten O3; D1 the office PV, D2 the solar park */
const municipality: Example = {
  key: {
    method: 'static-iterative',
    allocations: [
      { producer: D1, consumer: O1, percent: 30, priority: 1 },
      { producer: D2, consumer: O1, percent: 10, priority: 2 },
      { producer: D2, consumer: O2, percent: 10, priority: 1 },
      { producer: D1, consumer: O2, percent: 70, priority: 2 },
      { producer: D2, consumer: O3, percent: 10, priority: 1 },
    ],
  },
  production: { [D1]: 220, [D2]: 13_245 },
  demand: { [O1]: 337, [O2]: 120, [O3]: 3687 },
};

describe("EDC's worked examples (domain.md §3.5a) with key files without rounds", () => {
  it('1. self-sharing with iteration requested: 1 consumption EAN, 1 round, O gets 4.22 and D keeps 5.29', () => {
    const r = run(selfSharing);
    expect(r.rounds).toBe(1);
    expect(r.got(O1)).toBe(422);
    expect(r.left(D)).toBe(529);
  });

  it('2. cottage and flat with iteration requested: 2 rounds, flat 6.08 (4.50 + 1.58), D keeps 1.06', () => {
    const r = run(cottageAndFlat);
    expect(r.rounds).toBe(2);
    expect(r.got(O1)).toBe(37);
    expect(r.got(O2)).toBe(608);
    expect(r.left(D)).toBe(106);
    // Five rounds, as Sdílna ran before, give the flat 7.06: what EDC does not do.
    const five = run({ ...cottageAndFlat, key: { ...cottageAndFlat.key, rounds: 5 } as Example['key'] });
    expect(five.rounds).toBe(5);
    expect(five.edcRounds).toBe(2);
    expect(five.got(O2)).toBe(706);
  });

  it('3. block of flats without iteration: 1 round, 0.45, 2.33, 4.25, 4.35, D keeps 6.04', () => {
    const r = run(blockOfFlats);
    expect(r.rounds).toBe(1);
    expect([O1, O2, O3, O4].map(r.got)).toEqual([45, 233, 425, 435]);
    expect(r.left(D)).toBe(604);
  });

  it('4. municipality, two producers with priorities, iteration requested: 3 rounds', () => {
    const r = run(municipality);
    expect(r.rounds).toBe(3);
    expect(r.pair(D1, O1)).toBe(66);
    expect(r.pair(D2, O1)).toBe(271);
    expect(r.pair(D2, O2)).toBe(120);
    expect(r.pair(D1, O2)).toBe(0);
    expect(r.pair(D2, O3)).toBe(1324 + 1153 + 1037);
    expect(r.left(D2)).toBe(9340);
    expect(r.left(D1)).toBe(154);
  });

  it('4. with 5 rounds the kindergarten would get 1.73 more, which EDC does not give', () => {
    const five = run({ ...municipality, key: { ...municipality.key, rounds: 5 } as Example['key'] });
    expect(five.pair(D2, O3)).toBe(1324 + 1153 + 1037 + 173);
  });

  it('hold whatever order the key file lists its entries in', () => {
    const examples = [selfSharing, cottageAndFlat, blockOfFlats, municipality];
    const expected = examples.map((example) => {
      const r = run(example);
      return Object.keys(example.demand).map(r.got);
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: examples.length - 1 }), fc.func(fc.integer()), (index, order) => {
        const example = examples[index] as Example;
        const shuffled = example.key.allocations
          .map((entry, k) => ({ entry, rank: order(k) }))
          .sort((a, b) => a.rank - b.rank)
          .map(({ entry }) => entry);
        const r = run({ ...example, key: { ...example.key, allocations: shuffled } });
        expect(Object.keys(example.demand).map(r.got)).toEqual(expected[index]);
      }),
      { numRuns: 100 },
    );
  });
});
