import fc from 'fast-check';
import { rulesFor, sharingRounds } from '@sdilna/shared/domain-core';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import type { AllocationMethod } from './allocation-key';
import { testEan } from './allocation-test-factory';
import { compileKey, type CompiledKey } from './compiled-key';

interface RandomGroup {
  producers: number;
  consumers: number;
  pairs: { d: number; o: number; bp: number; priority: number }[];
  production: number[][];
  demand: number[][];
}

/** Random groups: up to 4 producers, 8 consumers, each consumer with 1..3 producers, keys Σ ≤ 100 % per producer. */
const groupArbitrary: fc.Arbitrary<RandomGroup> = fc
  .record({
    producers: fc.integer({ min: 1, max: 4 }),
    consumers: fc.integer({ min: 1, max: 8 }),
    intervals: fc.integer({ min: 1, max: 6 }),
  })
  .chain(({ producers, consumers, intervals }) =>
    fc.record({
      producers: fc.constant(producers),
      consumers: fc.constant(consumers),
      links: fc.array(
        fc.subarray([...Array(producers).keys()], { minLength: 1, maxLength: Math.min(3, producers) }),
        { minLength: consumers, maxLength: consumers },
      ),
      weights: fc.array(fc.integer({ min: 0, max: 100 }), {
        minLength: producers * consumers,
        maxLength: producers * consumers,
      }),
      priorities: fc.array(fc.integer({ min: 1, max: 5 }), {
        minLength: producers * consumers,
        maxLength: producers * consumers,
      }),
      production: fc.array(
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: intervals, maxLength: intervals }),
        { minLength: producers, maxLength: producers },
      ),
      demand: fc.array(
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: intervals, maxLength: intervals }),
        { minLength: consumers, maxLength: consumers },
      ),
    }),
  )
  .map(({ producers, consumers, links, weights, priorities, production, demand }) => {
    const pairs: RandomGroup['pairs'] = [];
    links.forEach((ds, o) =>
      ds.forEach((d) => pairs.push({ d, o, bp: 0, priority: priorities[d * consumers + o] ?? 1 })),
    );
    for (let d = 0; d < producers; d++) {
      const mine = pairs.filter((p) => p.d === d);
      const total = mine.reduce((sum, p) => sum + (weights[d * consumers + p.o] ?? 0), 0) || 1;
      // Scale raw weights to Σ ≤ 10 000 bp (floor keeps the sum within 100 %).
      mine.forEach((p) => (p.bp = Math.floor(((weights[d * consumers + p.o] ?? 0) * 10_000) / total)));
    }
    return { producers, consumers, pairs, production, demand };
  });

function compile(group: RandomGroup, method: AllocationMethod, rounds: number): CompiledKey {
  return compileKey(
    {
      method,
      allocations: group.pairs.map((p) => ({
        producer: testEan('producer', p.d),
        consumer: testEan('consumer', p.o),
        basisPoints: p.bp,
        priority: p.priority,
      })),
    },
    rounds,
    {
      producers: [...Array(group.producers).keys()].map((d) => testEan('producer', d)),
      consumers: [...Array(group.consumers).keys()].map((o) => testEan('consumer', o)),
    },
  );
}

/** EDC's rounds for the random group: all its points are in it, and `static-iterative` asks for iteration. */
function edcRounds(group: RandomGroup, method: AllocationMethod): number {
  return sharingRounds(rulesFor('energy-community', '2026-01-01'), {
    iterationRequested: method === 'static-iterative',
    groupPoints: group.producers + group.consumers,
    consumptionPoints: group.consumers,
  });
}

function run(group: RandomGroup, method: AllocationMethod, rounds = edcRounds(group, method)) {
  const count = group.production[0]?.length ?? 0;
  const key = compile(group, method, rounds);
  const input = {
    intervalCount: count,
    production: Int32Array.from(group.production.flat()),
    demand: Int32Array.from(group.demand.flat()),
  };
  return { key, input, result: allocate(key, input, { pairs: true }) };
}

const methods: AllocationMethod[] = ['static', 'static-iterative', 'dynamic', 'hybrid'];

describe('allocation invariants over random groups', () => {
  for (const method of methods) {
    it(`${method}: shares are never negative, producers never give more than they export, consumers never get more than they import`, () => {
      fc.assert(
        fc.property(groupArbitrary, (group) => {
          const { key, input, result } = run(group, method);
          const count = input.intervalCount;
          const pairShared = result.pairShared as Int32Array;
          for (let i = 0; i < count; i++) {
            const byProducer = new Array<number>(group.producers).fill(0);
            const byConsumer = new Array<number>(group.consumers).fill(0);
            for (let q = 0; q < key.pairCount; q++) {
              const s = pairShared[q * count + i] as number;
              expect(s).toBeGreaterThanOrEqual(0);
              byProducer[key.pairProducer[q] as number]! += s;
              byConsumer[key.pairConsumer[q] as number]! += s;
            }
            byProducer.forEach((sum, d) => {
              expect(sum).toBeLessThanOrEqual(input.production[d * count + i] as number);
              expect(result.producerShared[d * count + i]).toBe(sum);
            });
            byConsumer.forEach((sum, o) => {
              expect(sum).toBeLessThanOrEqual(input.demand[o * count + i] as number);
              expect(result.consumerShared[o * count + i]).toBe(sum);
            });
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('the one-producer fast path equals the general several-producer rounds', () => {
    fc.assert(
      fc.property(groupArbitrary, fc.integer({ min: 1, max: 5 }), (group, rounds) => {
        const star: RandomGroup = { ...group, pairs: group.pairs.filter((p) => p.d === 0) };
        const { result: fast } = run(star, 'static-iterative', rounds);
        // A second producer that exports nothing and holds a 0 % key joins every consumer: the component is no
        // longer a star, so the general rounds run, and the result must not change.
        const idle = group.producers;
        const general: RandomGroup = {
          ...star,
          producers: idle + 1,
          pairs: [
            ...star.pairs,
            ...[...Array(star.consumers).keys()].map((o) => ({ d: idle, o, bp: 0, priority: 2 })),
          ],
          production: [...star.production, star.production[0]!.map(() => 0)],
        };
        const { result: slow } = run(general, 'static-iterative', rounds);
        expect(Array.from(slow.consumerShared)).toEqual(Array.from(fast.consumerShared));
        expect(Array.from(slow.producerShared.subarray(0, fast.producerShared.length))).toEqual(
          Array.from(fast.producerShared),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('static-iterative never shares less than static, and more rounds never share less', () => {
    fc.assert(
      fc.property(groupArbitrary, (group) => {
        const total = (rounds: number, method: AllocationMethod) =>
          run(group, method, rounds).result.producerShared.reduce((sum, value) => sum + value, 0);
        const once = total(1, 'static');
        let previous = once;
        for (let rounds = 1; rounds <= 5; rounds++) {
          const shared = total(rounds, 'static-iterative');
          expect(shared).toBeGreaterThanOrEqual(previous);
          previous = shared;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('dynamic with one producer shares exactly min(P, Σ D) of the eligible consumers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 30 }),
        (production, demand) => {
          const key = compileKey(
            {
              method: 'dynamic',
              allocations: demand.map((_, o) => ({
                producer: testEan('producer', 0),
                consumer: testEan('consumer', o),
                basisPoints: 100,
                priority: 1,
              })),
            },
            1,
          );
          const result = allocate(key, {
            intervalCount: 1,
            production: Int32Array.of(production),
            demand: Int32Array.from(demand),
          });
          const totalDemand = demand.reduce((a, b) => a + b, 0);
          expect(result.producerShared[0]).toBe(Math.min(production, totalDemand));
          result.consumerShared.forEach((s, o) => expect(s).toBeLessThanOrEqual(demand[o] as number));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('static-iterative equals a plain transcription of §3.2 for one producer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 30_000 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 1, max: 5 }),
        (production, consumers, rounds) => {
          const keys = consumers.map(([bp]) => bp);
          const demand = consumers.map(([, d]) => d);
          // §3.2 as written
          let rem = production;
          const need = [...demand];
          const shared = demand.map(() => 0);
          for (let round = 0; round < rounds; round++) {
            const base = rem;
            let moved = false;
            keys.forEach((k, o) => {
              const s = Math.min(need[o] as number, Math.floor((base * k) / 10_000));
              need[o]! -= s;
              rem -= s;
              shared[o]! += s;
              if (s > 0) moved = true;
            });
            if (!moved) break;
          }
          const key = compileKey(
            {
              method: 'static-iterative',
              allocations: keys.map((bp, o) => ({
                producer: testEan('producer', 0),
                consumer: testEan('consumer', o),
                basisPoints: bp,
                priority: 1,
              })),
            },
            rounds,
          );
          const result = allocate(key, {
            intervalCount: 1,
            production: Int32Array.of(production),
            demand: Int32Array.from(demand),
          });
          expect(Array.from(result.consumerShared)).toEqual(shared);
        },
      ),
      { numRuns: 300 },
    );
  });
});
