import type { FinalDaysGuard } from './final-days';
import { ImportRejectedError } from './import-common';

const PROGRESS_INTERVAL_MS = 1000;

/** What the day loop of an import counted and decided. */
export interface StoredDays {
  readonly from: string;
  readonly to: string;
  readonly days: number;
  readonly intervals: number;
  readonly values: number;
  readonly guard: FinalDaysGuard;
  /** the group days whose values the file replaced (not kept as final) */
  readonly storedDays: Array<{ sharingGroupId: string; day: string }>;
}

/**
 * THE day loop of an import (standard export and pair report alike): each Prague day of the file in order, the
 * final-days guard created from the first day, the day stored for every group the guard does not keep, the
 * counts kept, progress reported at most once a second; a file without a day is refused.
 */
export async function storeDays<D extends { readonly date: string; readonly intervalCount: number }>(input: {
  readonly days: AsyncIterable<D>;
  readonly groups: readonly string[];
  readonly fileName: string;
  /** the message for a file with a header but no data rows */
  readonly noRows: string;
  readonly guardFrom: (firstDay: string) => Promise<FinalDaysGuard>;
  readonly skippedGroups: (guard: FinalDaysGuard, day: D) => ReadonlySet<string>;
  /** stores the day (except the skipped groups) and returns how many values it stored */
  readonly storeDay: (day: D, skipped: ReadonlySet<string>) => Promise<number>;
  /** the share of the file read so far, or undefined when it is not known */
  readonly progress: () => number | undefined;
  readonly reportProgress: (progress: number) => Promise<void>;
}): Promise<StoredDays> {
  let from: string | undefined;
  let to = '';
  let days = 0;
  let intervals = 0;
  let values = 0;
  let guard: FinalDaysGuard | undefined;
  let lastProgressAt = Date.now();
  const storedDays: Array<{ sharingGroupId: string; day: string }> = [];
  for await (const day of input.days) {
    from ??= day.date;
    to = day.date;
    days++;
    intervals += day.intervalCount;
    guard ??= await input.guardFrom(day.date);
    const skipped = input.skippedGroups(guard, day);
    values += await input.storeDay(day, skipped);
    for (const group of input.groups)
      if (!skipped.has(group)) storedDays.push({ sharingGroupId: group, day: day.date });
    const progress = input.progress();
    if (Date.now() - lastProgressAt > PROGRESS_INTERVAL_MS && progress !== undefined) {
      lastProgressAt = Date.now();
      await input.reportProgress(Math.min(0.99, progress));
    }
  }
  if (from === undefined || guard === undefined) {
    throw new ImportRejectedError([
      { message: input.noRows, code: 'NO_ROWS', file: input.fileName, line: 2, column: 0 },
    ]);
  }
  return { from, to, days, intervals, values, guard, storedDays };
}
