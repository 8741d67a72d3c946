import type { EdcDayRow, ImportIssue } from '@sdilna/api/data-access-readings';
import { dayRanges } from '@sdilna/shared/domain-core';
import { inferEdcCalculation, type EdcCalculation } from '@sdilna/shared/domain-edc';

/**
 * Thrown when an import that had to infer its calculation stored over final days and then turned out to be
 * preliminary: the runner rolls the transaction back and imports the file again as `daily`, which skips them.
 */
export class PreliminaryOverFinalError extends Error {
  constructor() {
    super('a preliminary file wrote over final days; imported again as daily');
    this.name = 'PreliminaryOverFinalError';
  }
}

/**
 * The finality rule of one import (docs/imports.md "Preliminary and final values"): a final (monthly) file
 * replaces whatever is stored; a preliminary (daily) file replaces preliminary days but never a group's day that
 * already holds final values, which it skips with a warning. When nobody said which calculation the file is,
 * it is inferred at the end (inferEdcCalculation); until then a day is stored as if the file were final.
 */
export class FinalDaysGuard {
  private readonly stored = new Map<string, EdcCalculation>();
  private readonly skipped = new Map<string, string[]>();
  private notEvaluated = 0;
  private firstDay: string | undefined;
  private overwroteFinal = false;

  constructor(
    private readonly known: EdcCalculation | undefined,
    storedDays: readonly EdcDayRow[],
  ) {
    for (const row of storedDays) this.stored.set(`${row.sharingGroupId}|${row.day}`, row.calculation);
  }

  /**
   * The groups whose values of `day` must not be stored. `notEvaluated`: intervals of the day with IN but no OUT
   * (EDC has not evaluated them: the file is preliminary).
   */
  skippedGroups(day: string, groups: readonly string[], notEvaluated = 0): Set<string> {
    this.firstDay ??= day;
    this.notEvaluated += notEvaluated;
    const preliminarySoFar =
      this.known === 'daily' ||
      (this.known === undefined && (this.notEvaluated > 0 || !this.firstDay.endsWith('-01')));
    const skip = new Set<string>();
    for (const group of groups) {
      if (this.stored.get(`${group}|${day}`) !== 'monthly') continue;
      if (preliminarySoFar) {
        skip.add(group);
        this.skipped.set(group, [...(this.skipped.get(group) ?? []), day]);
      } else if (this.known === undefined) {
        this.overwroteFinal = true;
      }
    }
    return skip;
  }

  /** The file's calculation once every day is read; throws PreliminaryOverFinalError (see there). */
  finish(from: string, to: string): EdcCalculation {
    const calculation = this.known ?? inferEdcCalculation(from, to, this.notEvaluated);
    if (calculation === 'daily' && this.overwroteFinal) throw new PreliminaryOverFinalError();
    return calculation;
  }

  /** One warning per group with skipped days, naming the days as ranges. */
  warnings(file: string, groupName: (id: string) => string): ImportIssue[] {
    return [...this.skipped].map(([group, days]) => ({
      message: `sharing group ${groupName(group)} already has final (monthly) EDC values on ${dayRanges(days)}; this preliminary (daily) file's values for those days were not stored`,
      code: 'FINAL_DAYS_KEPT' as const,
      params: { group: groupName(group), days: dayRanges(days) },
      file,
      line: 1,
      column: 0,
    }));
  }
}
