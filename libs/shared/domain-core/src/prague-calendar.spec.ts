import { describe, expect, it } from 'vitest';
import {
  dayRanges,
  addDays,
  daysInRange,
  intervalsInDay,
  localDateFromCzech,
  localDateToCzech,
  pragueDateOf,
  pragueDay,
  pragueDayIntervals,
  pragueOffsetMinutes,
  summerTimeUtcMs,
} from './prague-calendar';

describe('Prague calendar of 15-minute intervals', () => {
  it('has 92 intervals on the spring DST day 2026-03-29, skipping 02:00–03:00', () => {
    const intervals = pragueDayIntervals('2026-03-29');
    expect(intervals).toHaveLength(92);
    const labels = intervals.map((i) => `${i.from}-${i.to}`);
    expect(labels).toContain('01:45-03:00');
    expect(labels.some((l) => l.startsWith('02:'))).toBe(false);
    expect(intervals[8]?.from).toBe('03:00');
    expect(new Date(intervals[8]!.startUtcMs).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(intervals.at(-1)?.to).toBe('00:00');
  });

  it('has 100 intervals on the autumn DST day 2026-10-25 with 02:00–02:45 twice, first at UTC+2', () => {
    const intervals = pragueDayIntervals('2026-10-25');
    expect(intervals).toHaveLength(100);
    const twoOClock = intervals.filter((i) => i.from === '02:00');
    expect(twoOClock).toHaveLength(2);
    expect(twoOClock.map((i) => i.offsetMinutes)).toEqual([120, 60]);
    expect(twoOClock.map((i) => new Date(i.startUtcMs).toISOString())).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
    ]);
    expect(twoOClock[0]!.index).toBeLessThan(twoOClock[1]!.index);
  });

  it('has 96 intervals on ordinary days in winter and summer', () => {
    expect(intervalsInDay('2026-01-15')).toBe(96);
    expect(intervalsInDay('2026-07-15')).toBe(96);
    expect(intervalsInDay('2026-03-28')).toBe(96);
    expect(intervalsInDay('2026-10-26')).toBe(96);
  });

  it('places DST changes on the last Sundays of March and October at 01:00 UTC', () => {
    const { start, end } = summerTimeUtcMs(2026);
    expect(new Date(start).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-10-25T01:00:00.000Z');
    expect(new Date(summerTimeUtcMs(2027).start).toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(pragueOffsetMinutes(start - 1)).toBe(60);
    expect(pragueOffsetMinutes(start)).toBe(120);
    expect(pragueOffsetMinutes(end)).toBe(60);
  });

  it('agrees with the runtime time-zone database for every day of 2026', () => {
    const format = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Prague',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (const day of daysInRange('2026-01-01', '2026-12-31')) {
      const { startUtcMs } = pragueDay(day);
      expect(format.format(new Date(startUtcMs))).toBe('00:00');
      expect(pragueDateOf(startUtcMs)).toBe(day);
    }
  });

  it('starts a day at local midnight in UTC', () => {
    expect(new Date(pragueDay('2026-04-01').startUtcMs).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(new Date(pragueDay('2026-01-01').startUtcMs).toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });

  it('converts Czech dates and walks date ranges', () => {
    expect(localDateFromCzech('01.06.2026')).toBe('2026-06-01');
    expect(localDateFromCzech('31.02.2026')).toBeUndefined();
    expect(localDateToCzech('2026-06-01')).toBe('01.06.2026');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysInRange('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('writes days as ranges for messages, across a month end, sorted and without duplicates', () => {
    expect(
      dayRanges([
        '2026-04-03',
        '2026-04-01',
        '2026-04-02',
        '2026-04-30',
        '2026-05-01',
        '2026-04-07',
        '2026-04-07',
      ]),
    ).toBe('2026-04-01..2026-04-03, 2026-04-07, 2026-04-30..2026-05-01');
    expect(dayRanges([])).toBe('');
  });
});
