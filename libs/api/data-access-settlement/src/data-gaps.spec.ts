import { describe, expect, it } from 'vitest';

import { dataGapWarnings } from './data-gaps';

describe('dataGapWarnings', () => {
  it('names points with EAN and label and the days as ranges, one warning per kind and set of days', () => {
    expect(
      dataGapWarnings([
        {
          ean: '859182400000000017',
          label: 'School PV',
          preliminary: ['2026-06-03', '2026-06-01', '2026-06-02', '2026-06-10'],
          missing: [],
        },
        {
          ean: '859182400000000025',
          label: null,
          preliminary: ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-10'],
          missing: ['2026-06-20'],
        },
        { ean: '859182400000000033', label: 'Gym', preliminary: [], missing: [] },
      ]),
    ).toEqual([
      {
        code: 'DATA_PRELIMINARY',
        params: {
          days: '2026-06-01..2026-06-03, 2026-06-10',
          points: '859182400000000017 (School PV), 859182400000000025',
          count: 2,
          more: 0,
        },
        message:
          'EDC values are preliminary (daily calculation, not yet final) on 2026-06-01..2026-06-03, 2026-06-10 for 2 points 859182400000000017 (School PV), 859182400000000025',
      },
      {
        code: 'DATA_MISSING',
        params: { days: '2026-06-20', points: '859182400000000025', count: 1, more: 0 },
        message: 'EDC data are missing or incomplete on 2026-06-20 for point 859182400000000025',
      },
    ]);
  });

  it('says nothing when every day is final and complete', () => {
    expect(
      dataGapWarnings([{ ean: '859182400000000017', label: null, preliminary: [], missing: [] }]),
    ).toEqual([]);
  });

  it('names at most 20 points in one warning and counts the rest', () => {
    const points = Array.from({ length: 23 }, (_, k) => ({
      ean: `85918240000000${String(k).padStart(4, '0')}`,
      label: null,
      preliminary: [],
      missing: ['2026-06-01'],
    }));
    const [warning] = dataGapWarnings(points);
    expect(warning?.message).toMatch(/for 23 points 859182400000000000, .* and 3 more$/);
    expect(warning?.params).toMatchObject({ count: 23, more: 3 });
  });
});
