import { describe, expect, it } from 'vitest';

import { FinalDaysGuard, PreliminaryOverFinalError } from './final-days';

const stored = [
  { sharingGroupId: 'a', day: '2026-06-01', calculation: 'monthly' as const },
  { sharingGroupId: 'a', day: '2026-06-02', calculation: 'monthly' as const },
  { sharingGroupId: 'b', day: '2026-06-01', calculation: 'daily' as const },
];

describe('the finality rule of an import', () => {
  it('lets a preliminary file replace preliminary days but never final ones, and names the skipped days', () => {
    const guard = new FinalDaysGuard('daily', stored);
    expect([...guard.skippedGroups('2026-06-01', ['a', 'b'])]).toEqual(['a']);
    expect([...guard.skippedGroups('2026-06-02', ['a', 'b'])]).toEqual(['a']);
    expect([...guard.skippedGroups('2026-06-03', ['a', 'b'])]).toEqual([]);
    expect(guard.finish('2026-06-01', '2026-06-03')).toBe('daily');
    expect(guard.warnings('f.csv', (id) => `group ${id}`)).toEqual([
      {
        message:
          "sharing group group a already has final (monthly) EDC values on 2026-06-01..2026-06-02; this preliminary (daily) file's values for those days were not stored",
        code: 'FINAL_DAYS_KEPT',
        params: { group: 'group a', days: '2026-06-01..2026-06-02' },
        file: 'f.csv',
        line: 1,
        column: 0,
      },
    ]);
  });

  it('lets a final file replace everything', () => {
    const guard = new FinalDaysGuard('monthly', stored);
    expect(guard.skippedGroups('2026-06-01', ['a', 'b']).size).toBe(0);
    expect(guard.finish('2026-06-05', '2026-06-06')).toBe('monthly');
  });

  it('infers: a file that does not start on the 1st is preliminary from its first day', () => {
    const guard = new FinalDaysGuard(undefined, stored);
    expect([...guard.skippedGroups('2026-06-02', ['a'])]).toEqual(['a']);
    expect(guard.finish('2026-06-02', '2026-06-30')).toBe('daily');
  });

  it('infers: a whole month that turns out preliminary after storing over final days must be imported again', () => {
    const guard = new FinalDaysGuard(undefined, stored);
    expect(guard.skippedGroups('2026-06-01', ['a']).size).toBe(0);
    expect(guard.skippedGroups('2026-06-30', ['a'], 4).size).toBe(0);
    expect(() => guard.finish('2026-06-01', '2026-06-30')).toThrow(PreliminaryOverFinalError);
  });

  it('infers: a whole month with every OUT evaluated is final', () => {
    const guard = new FinalDaysGuard(undefined, stored);
    guard.skippedGroups('2026-06-01', ['a']);
    expect(guard.finish('2026-06-01', '2026-06-30')).toBe('monthly');
  });
});
