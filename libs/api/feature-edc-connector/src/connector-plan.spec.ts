import { describe, expect, it } from 'vitest';

import { cronOfMinute, monthChunks, nextRunAt, nightMinute, nightlyChunks } from './connector-plan';

const RULES = { finalAfterDay: 12, dailyLookbackDays: 5 };

describe('the connector schedule', () => {
  it('gives each community a stable minute inside the night window', () => {
    const ids = Array.from(
      { length: 200 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const minutes = ids.map((id) => nightMinute(id, '01:00-05:00'));
    for (const minute of minutes) {
      expect(minute).toBeGreaterThanOrEqual(60);
      expect(minute).toBeLessThan(300);
    }
    expect(new Set(minutes).size).toBeGreaterThan(100);
    expect(nightMinute(ids[0] as string, '01:00-05:00')).toBe(minutes[0]);
    expect(nightMinute(ids[0] as string, '23:30-00:30')).toBeGreaterThanOrEqual(0);
    expect(cronOfMinute(137)).toBe('17 2 * * *');
  });

  it('computes the next run in Prague time, across a DST change', () => {
    // 2026-03-29 is the spring change: 02:17 does not exist, the wall clock jumps from 02:00 to 03:00
    const before = Date.parse('2026-03-28T12:00:00Z');
    expect(new Date(nextRunAt(77, before, '2026-03-28')).toISOString()).toBe('2026-03-29T00:17:00.000Z');
    expect(new Date(nextRunAt(77, Date.parse('2026-07-01T10:00:00Z'), '2026-07-01')).toISOString()).toBe(
      '2026-07-01T23:17:00.000Z',
    );
  });
});

describe('the nightly fetch plan', () => {
  it('fetches only the previous days (daily) before the final calculation of last month is out', () => {
    expect(nightlyChunks('2026-12-07', new Set(), RULES)).toEqual([
      { from: '2026-12-02', to: '2026-12-06', calculation: 'daily', finalMonth: undefined },
    ]);
    expect(nightlyChunks('2026-12-03', new Set(), RULES)).toEqual([
      { from: '2026-11-28', to: '2026-11-30', calculation: 'daily', finalMonth: undefined },
      { from: '2026-12-01', to: '2026-12-02', calculation: 'daily', finalMonth: undefined },
    ]);
  });

  it('fetches last month whole with the monthly calculation from the configured day, once', () => {
    expect(nightlyChunks('2026-12-12', new Set(), RULES)).toEqual([
      { from: '2026-11-01', to: '2026-11-30', calculation: 'monthly', finalMonth: '2026-11-01' },
      { from: '2026-12-07', to: '2026-12-11', calculation: 'daily', finalMonth: undefined },
    ]);
    expect(nightlyChunks('2026-12-13', new Set(['2026-11-01']), RULES)).toEqual([
      { from: '2026-12-08', to: '2026-12-12', calculation: 'daily', finalMonth: undefined },
    ]);
  });

  it('never fetches preliminary days of a month whose final values are in', () => {
    expect(nightlyChunks('2027-01-02', new Set(['2026-12-01']), RULES)).toEqual([
      { from: '2027-01-01', to: '2027-01-01', calculation: 'daily', finalMonth: undefined },
    ]);
    expect(nightlyChunks('2027-01-01', new Set(['2026-12-01']), RULES)).toEqual([]);
  });
});

describe('fetch-now chunks', () => {
  it('cuts a range into months, monthly where the final is out and daily where it is not', () => {
    expect(monthChunks('2026-09-15', '2026-12-06', '2026-12-07', RULES)).toEqual([
      { from: '2026-09-15', to: '2026-09-30', calculation: 'monthly', finalMonth: undefined },
      { from: '2026-10-01', to: '2026-10-31', calculation: 'monthly', finalMonth: '2026-10-01' },
      { from: '2026-11-01', to: '2026-11-30', calculation: 'daily', finalMonth: undefined },
      { from: '2026-12-01', to: '2026-12-06', calculation: 'daily', finalMonth: undefined },
    ]);
  });
});
