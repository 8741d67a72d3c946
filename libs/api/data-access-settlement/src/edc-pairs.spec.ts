import { describe, expect, it } from 'vitest';

import { edcPairsOfPeriod, mergePairs, pairSourceNotes } from './edc-pairs';

const P1 = '859182400000000017';
const P2 = '859182400000000025';
const C = '859182400000000033';

/** A period of two "days" of three intervals each. */
const dayOffset = new Map([
  ['2026-06-01', 0],
  ['2026-06-02', 3],
]);

function row(producerEan: string, day: string, values: number[], present = [1, 1, 1]) {
  return {
    producerEan,
    consumerEan: C,
    day,
    values: Int32Array.from(values),
    present: Uint8Array.from(present),
  };
}

describe("EDC's pair report in a settlement period", () => {
  it('lays the pairs out over the period and marks the consumer days the report covers', () => {
    const result = edcPairsOfPeriod({
      intervalCount: 6,
      dayOffset,
      billed: new Map([[C, [10, 0, 5, 8, 8, 8]]]),
      rows: [row(P1, '2026-06-01', [7, 0, 5]), row(P2, '2026-06-01', [3, 0, 0], [1, 0, 1])],
    });
    expect(result.pairs.map((pair) => [pair.producerEan, Array.from(pair.shared)])).toEqual([
      [P1, [7, 0, 5, 0, 0, 0]],
      [P2, [3, 0, 0, 0, 0, 0]],
    ]);
    expect([...(result.covered.get(C) ?? [])]).toEqual(['2026-06-01']);
    expect(result.warnings).toEqual([]);
  });

  it("warns, naming consumer and days, where the pairs do not add up to EDC's per-EAN figure", () => {
    const result = edcPairsOfPeriod({
      intervalCount: 6,
      dayOffset,
      billed: new Map([[C, [10, 0, 5, 8, 8, 8]]]),
      rows: [row(P1, '2026-06-01', [7, 0, 5]), row(P1, '2026-06-02', [8, 8, 7])],
    });
    expect(result.warnings).toEqual([
      {
        code: 'PAIRS_DIFFER',
        params: { consumer: C, days: '2026-06-01..2026-06-02' },
        message: `consumer ${C}: EDC's pair report and its standard export differ on 2026-06-01..2026-06-02; settled from the pair report`,
      },
    ]);
  });

  it('merges pair series of several sources into one per pair, sorted, without all-zero pairs', () => {
    const merged = mergePairs(
      3,
      [{ producerEan: P2, consumerEan: C, shared: [1, 0, 0] }],
      [
        { producerEan: P2, consumerEan: C, shared: [0, 0, 4] },
        { producerEan: P1, consumerEan: C, shared: [2, 0, 0] },
        { producerEan: P1, consumerEan: P2, shared: [0, 0, 0] },
      ],
    );
    expect(merged.map((pair) => [pair.producerEan, Array.from(pair.shared as Int32Array)])).toEqual([
      [P1, [2, 0, 0]],
      [P2, [1, 0, 4]],
    ]);
  });

  it('notes per consumer the days from the pair report and the days split by the engine', () => {
    expect(
      pairSourceNotes([
        {
          name: `${C} (Úřad)`,
          fromEdc: ['2026-06-02', '2026-06-01'],
          preliminary: ['2026-06-02'],
          byEngine: ['2026-06-20'],
        },
        { name: P1, fromEdc: [], byEngine: [] },
      ]),
    ).toEqual([
      {
        code: 'PAIRS_FROM_EDC',
        params: { consumer: `${C} (Úřad)`, days: '2026-06-01..2026-06-02', preliminaryDays: '2026-06-02' },
        message: `consumer ${C} (Úřad): pairs from EDC's pair report on 2026-06-01..2026-06-02 (preliminary, daily calculation, on 2026-06-02)`,
      },
      {
        code: 'PAIRS_BY_ENGINE',
        params: { consumer: `${C} (Úřad)`, days: '2026-06-20' },
        message: `consumer ${C} (Úřad): no EDC pair report on 2026-06-20; EDC's figure split among its producers by the allocation engine`,
      },
    ]);
  });
});
