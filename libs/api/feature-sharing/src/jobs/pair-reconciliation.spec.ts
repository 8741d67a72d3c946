import { describe, expect, it } from 'vitest';

import type { RegisteredPoint } from '@sdilna/api/data-access-readings';
import { allocate, compileKey } from '@sdilna/shared/domain-allocation';

import { pairDiscrepancies } from './pair-reconciliation';

const P1 = '859182400000000017';
const P2 = '859182400000000025';
const C = '859182400000000033';

function point(id: string, ean: string, role: 'production' | 'consumption'): RegisteredPoint {
  return {
    id,
    ean,
    role,
    memberId: 'm',
    sharingGroupId: 'g',
    validFrom: '2026-01-01',
    validTo: null,
    label: null,
  };
}

const points = new Map([
  ['p1', point('p1', P1, 'production')],
  ['p2', point('p2', P2, 'production')],
  ['c', point('c', C, 'consumption')],
]);

/** One day of 96 intervals; both plants export 100 kWh at noon (interval 48), the consumer draws 100 kWh. */
const key = compileKey(
  {
    method: 'static',
    allocations: [
      { producer: P1, consumer: C, basisPoints: 5_000, priority: 1 },
      { producer: P2, consumer: C, basisPoints: 5_000, priority: 1 },
    ],
  },
  1,
  { producers: [P1, P2], consumers: [C] },
);
const production = new Int32Array(2 * 96);
production[48] = 10_000;
production[96 + 48] = 10_000;
const demand = new Int32Array(96);
demand[48] = 10_000;
const result = allocate(key, { intervalCount: 96, production, demand }, { pairs: true });

function edcRow(producerPointId: string, noon: number, empty: number[] = []) {
  const values = new Int32Array(96);
  const present = new Uint8Array(96).fill(1);
  values[48] = noon;
  for (const i of empty) present[i] = 0;
  return { producerPointId, consumerPointId: 'c', day: '2026-06-10', data: { values, present } };
}

function compare(edc: ReturnType<typeof edcRow>[], limit = 100) {
  return pairDiscrepancies({ day: '2026-06-10', key, keyId: 'k', result, edc, points, limit });
}

describe("reconciliation of EDC's pair report with the engine's pairs", () => {
  it('finds nothing where EDC split as the engine did', () => {
    expect(compare([edcRow('p1', 5_000), edcRow('p2', 5_000)])).toEqual({ rows: [], count: 0 });
  });

  it('lists each differing pair-interval with both figures and the key', () => {
    const found = compare([edcRow('p1', 7_000), edcRow('p2', 3_000)]);
    expect(found.count).toBe(2);
    expect(found.rows).toEqual([
      {
        producerPointId: 'p1',
        consumerPointId: 'c',
        intervalStart: new Date('2026-06-10T10:00:00.000Z'),
        day: '2026-06-10',
        edcShared: 7_000,
        computedShared: 5_000,
        keyId: 'k',
      },
      expect.objectContaining({ producerPointId: 'p2', edcShared: 3_000, computedShared: 5_000 }),
    ]);
  });

  it("counts a key pair missing from the report as 0 by EDC and skips the report's empty cells", () => {
    const found = compare([edcRow('p1', 10_000)]);
    expect(found.rows.map((row) => [row.producerPointId, row.edcShared, row.computedShared])).toEqual([
      ['p1', 10_000, 5_000],
      ['p2', 0, 5_000],
    ]);
    expect(compare([edcRow('p1', 0, [48]), edcRow('p2', 5_000)]).count).toBe(0);
  });

  it('keeps at most `limit` detail rows but counts every difference', () => {
    const found = compare([edcRow('p1', 7_000), edcRow('p2', 3_000)], 1);
    expect(found).toMatchObject({ count: 2, rows: [expect.objectContaining({ producerPointId: 'p1' })] });
  });
});
