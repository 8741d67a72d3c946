import { describe, expect, it } from 'vitest';

import {
  allocate,
  compileKey,
  type AllocationInput,
  type AllocationKey,
} from '@sdilna/shared/domain-allocation';
import { SettlementError } from '@sdilna/shared/domain-settlement';

import { pairsOfSeveralProducers, type EngineDay, type EnginePair } from './several-producers';

const P1 = '859182400000000017';
const P2 = '859182400000000025';
const C1 = '859182400000000033';
const C2 = '859182400000000041';

/** Two producers share with two consumers; C1 takes from P1 first (priority 1), then from P2. */
const KEY: AllocationKey = {
  method: 'static-iterative',
  allocations: [
    { producer: P1, consumer: C1, basisPoints: 5_000, priority: 1 },
    { producer: P2, consumer: C1, basisPoints: 5_000, priority: 2 },
    { producer: P1, consumer: C2, basisPoints: 5_000, priority: 1 },
    { producer: P2, consumer: C2, basisPoints: 5_000, priority: 1 },
  ],
};
// 2 consumers with iteration requested: EDC's 2 rounds.
const compiled = compileKey(KEY, 2, { producers: [P1, P2], consumers: [C1, C2] });

/**
 * A "day" of three intervals: production of P1, P2 and demand of C1, C2 per interval, run through the engine and
 * laid out as the recompute stores it (the engine's input kept beside it for the expectations).
 */
function day(
  production: [number[], number[]],
  demand: [number[], number[]],
  offset = 0,
): EngineDay & { input: AllocationInput } {
  const input: AllocationInput = {
    intervalCount: 3,
    production: Int32Array.from(production.flat()),
    demand: Int32Array.from(demand.flat()),
  };
  const result = allocate(compiled, input, { pairs: true });
  const consumers = new Map<string, EnginePair[]>();
  for (let q = 0; q < compiled.pairCount; q++) {
    const consumer = compiled.consumers[compiled.pairConsumer[q] as number] as string;
    consumers.set(consumer, [
      ...(consumers.get(consumer) ?? []),
      {
        producerEan: compiled.producers[compiled.pairProducer[q] as number] as string,
        basisPoints: compiled.pairBasisPoints[q] as number,
        shared: (result.pairShared as Int32Array).subarray(q * 3, q * 3 + 3),
      },
    ]);
  }
  for (const pairs of consumers.values())
    pairs.sort((a, b) => (a.producerEan < b.producerEan ? -1 : a.producerEan > b.producerEan ? 1 : 0));
  return { day: '2026-03-10', offset, intervalCount: 3, consumers, input };
}

function pairMap(pairs: ReturnType<typeof pairsOfSeveralProducers>['pairs']): Record<string, number[]> {
  return Object.fromEntries(
    pairs.map((pair) => [`${pair.producerEan}>${pair.consumerEan}`, Array.from(pair.shared)]),
  );
}

describe('pairsOfSeveralProducers', () => {
  const engineDay = day(
    [
      [1_000, 200, 0],
      [600, 600, 300],
    ],
    [
      [900, 900, 100],
      [700, 100, 0],
    ],
  );
  const engine = allocate(compiled, engineDay.input, { pairs: true });
  const consumerShared = (o: number) => [...engine.consumerShared.subarray(o * 3, o * 3 + 3)];

  it("equals the engine's pair results where EDC billed what the engine shared", () => {
    const split = pairsOfSeveralProducers({
      intervalCount: 3,
      billed: new Map([
        [C1, consumerShared(0)],
        [C2, consumerShared(1)],
      ]),
      days: [engineDay],
    });
    const expected: Record<string, number[]> = {};
    for (let q = 0; q < compiled.pairCount; q++) {
      const id = `${compiled.producers[compiled.pairProducer[q] as number]}>${compiled.consumers[compiled.pairConsumer[q] as number]}`;
      const series = [...(engine.pairShared as Int32Array).subarray(q * 3, q * 3 + 3)];
      if (series.some((value) => value !== 0)) expected[id] = series;
    }
    expect(Object.keys(expected).length).toBeGreaterThan(2);
    expect(pairMap(split.pairs)).toEqual(expected);
    expect(split.warnings).toEqual([]);
  });

  it("splits EDC's figure in proportion to the engine's pairs, summing exactly to it", () => {
    const billed = consumerShared(0).map((value) => (value === 0 ? 0 : value + 1));
    const split = pairsOfSeveralProducers({
      intervalCount: 3,
      billed: new Map([[C1, billed]]),
      days: [engineDay],
    });
    const parts = split.pairs.filter((pair) => pair.consumerEan === C1);
    for (let i = 0; i < 3; i++)
      expect(parts.reduce((sum, pair) => sum + (pair.shared[i] as number), 0)).toBe(billed[i]);
    expect(split.pairs.every((pair) => pair.consumerEan === C1)).toBe(true);
  });

  it("falls back to the key's shares where the engine shared nothing with the consumer, and says so", () => {
    const dark = day(
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
      [
        [100, 0, 0],
        [0, 0, 0],
      ],
      3,
    );
    const split = pairsOfSeveralProducers({
      intervalCount: 6,
      billed: new Map([[C1, [0, 0, 0, 11, 0, 0]]]),
      days: [dark],
    });
    // 50 % : 50 %, the odd unit to the lower producer EAN
    expect(pairMap(split.pairs)).toEqual({
      [`${P1}>${C1}`]: [0, 0, 0, 6, 0, 0],
      [`${P2}>${C1}`]: [0, 0, 0, 5, 0, 0],
    });
    expect(split.warnings).toEqual([
      expect.objectContaining({
        code: 'PAIRS_KEY_SHARE',
        params: { consumer: C1, intervals: 1 },
        message: expect.stringContaining(`consumer ${C1}: in 1 intervals`),
      }),
    ]);
  });

  it('refuses energy EDC shared on a day without a key version', () => {
    expect(() =>
      pairsOfSeveralProducers({
        intervalCount: 6,
        billed: new Map([[C1, [0, 0, 0, 5, 0, 0]]]),
        days: [engineDay],
      }),
    ).toThrow(SettlementError);
  });
});
