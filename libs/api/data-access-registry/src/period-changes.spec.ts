import { describe, expect, it } from 'vitest';

import { checkPeriod, daysBetweenEnds, PeriodException, staleRanges } from './period-changes';

describe('periods', () => {
  it('refuses a period that ends before it starts, and accepts a one-day or open period', () => {
    expect(() => checkPeriod('price list', '2026-05-15', '2026-05-14')).toThrow(PeriodException);
    expect(() => checkPeriod('price list', '2026-05-15', '2026-05-14')).toThrow(
      /2026-05-14 is before validFrom 2026-05-15/,
    );
    expect(() => checkPeriod('price list', '2026-05-15', '2026-05-15')).not.toThrow();
    expect(() => checkPeriod('price list', '2026-05-15', null)).not.toThrow();
  });

  it('names the days whose figures change when the end of a period moves', () => {
    expect(daysBetweenEnds(null, '2026-05-14')).toEqual([{ from: '2026-05-15', to: null }]);
    expect(daysBetweenEnds('2026-05-14', null)).toEqual([{ from: '2026-05-15', to: null }]);
    expect(daysBetweenEnds('2026-05-31', '2026-05-14')).toEqual([{ from: '2026-05-15', to: '2026-05-31' }]);
    expect(daysBetweenEnds('2026-05-14', '2026-06-30')).toEqual([{ from: '2026-05-15', to: '2026-06-30' }]);
    expect(daysBetweenEnds('2026-05-14', '2026-05-14')).toEqual([]);
  });

  it('recomputes stale days as few ranges as possible, never a day no mark names', () => {
    expect(
      staleRanges([
        { fromDay: '2026-06-01', toDay: '2026-06-30' },
        { fromDay: '2026-05-10', toDay: '2026-05-31' },
        { fromDay: '2026-08-03', toDay: '2026-08-04' },
      ]),
    ).toEqual([
      { from: '2026-05-10', to: '2026-06-30' },
      { from: '2026-08-03', to: '2026-08-04' },
    ]);
    expect(staleRanges([])).toEqual([]);
  });
});
