import { describe, expect, it } from 'vitest';

import { firstDayOtherThan, iterationRequestedOn, type IterationPeriod } from './iteration-periods';

const periods: IterationPeriod[] = [
  { validFrom: '2026-01-01', validTo: '2026-03-31', requested: true },
  { validFrom: '2026-04-01', validTo: '2026-06-30', requested: false },
  { validFrom: '2026-09-01', validTo: null, requested: true },
];

describe('requests for iteration by day', () => {
  it('is requested inside a requested period only; a day outside every period is not requested', () => {
    expect(iterationRequestedOn(periods, '2026-03-31')).toBe(true);
    expect(iterationRequestedOn(periods, '2026-04-01')).toBe(false);
    expect(iterationRequestedOn(periods, '2026-07-15')).toBe(false);
    expect(iterationRequestedOn(periods, '2030-01-01')).toBe(true);
    expect(iterationRequestedOn([], '2026-01-01')).toBe(false);
  });

  it('finds the first day of a span whose request differs, checking where periods start and end', () => {
    expect(firstDayOtherThan(periods, true, '2026-01-01', '2026-03-31')).toBeUndefined();
    expect(firstDayOtherThan(periods, true, '2026-02-01', null)).toBe('2026-04-01');
    expect(firstDayOtherThan(periods, false, '2026-04-01', '2026-08-31')).toBeUndefined();
    expect(firstDayOtherThan(periods, false, '2026-05-01', null)).toBe('2026-09-01');
    expect(firstDayOtherThan(periods, true, '2025-06-01', '2026-02-01')).toBe('2025-06-01');
    expect(firstDayOtherThan([], false, '2026-01-01', null)).toBeUndefined();
  });
});
