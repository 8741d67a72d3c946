import type { LocalDate } from '@sdilna/shared/domain-core';

import { daysBetween } from './payment-status';

/**
 * The reminder step to mail today, if any: the latest step (days after the due date) that has been reached. A
 * step already mailed is never mailed again, and an earlier step is not mailed after a later one (a worker that
 * was down for a week sends one reminder, not three).
 */
export function reminderStepDue(input: {
  readonly dueDate: LocalDate;
  readonly today: LocalDate;
  readonly steps: readonly number[];
  readonly sentSteps: readonly number[];
}): number | undefined {
  const overdueDays = daysBetween(input.dueDate, input.today);
  const reached = input.steps.filter((step) => step > 0 && overdueDays >= step);
  if (reached.length === 0) return undefined;
  const latest = Math.max(...reached);
  if (input.sentSteps.some((sent) => sent >= latest)) return undefined;
  return latest;
}

/** Reminder steps as an administrator types them: positive whole days, at most five, ascending and unique. */
export function normalizeReminderSteps(steps: readonly number[]): number[] {
  for (const step of steps) {
    if (!Number.isInteger(step) || step < 1 || step > 365) {
      throw new RangeError(`a reminder step is whole days between 1 and 365, not ${step}`);
    }
  }
  const unique = [...new Set(steps)].sort((a, b) => a - b);
  if (unique.length > 5) throw new RangeError(`at most 5 reminder steps, not ${unique.length}`);
  return unique;
}
