import {
  allocateEdcDay,
  edcDayWithComputedOut,
  KeyGroupMismatchError,
  planEdcAllocation,
  type AllocationKey,
  type EdcAllocationPlan,
} from '@sdilna/shared/domain-allocation';
import type { CommunityType } from '@sdilna/shared/domain-core';
import {
  writeEdcStandardExport,
  type EdcDayBlock,
  type EdcNumberStyle,
  type EdcPoint,
} from '@sdilna/shared/domain-edc';
import { daysOf, openExport } from './edc-input';
import { PendingFile } from './file-io';
import { loadKey } from './key-loading';
import { RoundsSummary } from './rounds-summary';
import { UserError } from './user-error';

/**
 * An export does not say what kind of community its group belongs to. The rounds rule is EDC's and the same in
 * every row of the rules table (a unit test holds that), so any type gives the same rounds.
 */
const EXPORT_COMMUNITY_TYPE: CommunityType = 'energy-community';

export interface AllocateOptions {
  readonly measured: string;
  readonly key: string;
  readonly out: string;
  readonly numberStyle: EdcNumberStyle;
}

/** `allocate`: IN from an export, OUT computed with the key, written as an export with the same points and rows. */
export async function runAllocate(options: AllocateOptions, log: (line: string) => void): Promise<void> {
  const key = await loadKey(options.key);
  const reader = await openExport(options.measured, { outChecks: 'off' });
  const plan = planFor(key, reader.points);
  const output = new PendingFile(options.out);
  let days = 0;
  const rounds = new RoundsSummary();
  async function* computedDays(): AsyncGenerator<EdcDayBlock> {
    for await (const day of daysOf(reader)) {
      days++;
      const allocated = allocateEdcDay(plan, day);
      rounds.add(allocated.rounds);
      yield edcDayWithComputedOut(plan, day, allocated.result);
    }
  }
  await output.write(
    writeEdcStandardExport(reader.points, computedDays(), { numberStyle: options.numberStyle }),
  );
  await output.commit();
  for (const issue of reader.issues)
    log(`warning: ${issue.file}:${issue.line}:${issue.column}: ${issue.message}`);
  log(`allocated ${days} days of ${reader.points.length} points with ${key.method} → ${options.out}`);
  for (const line of rounds.lines()) log(line);
}

/** The engine plan for an export's points; a key that does not fit the export is a user error. */
export function planFor(key: AllocationKey, points: readonly EdcPoint[]): EdcAllocationPlan {
  try {
    const plan = planEdcAllocation(key, points, EXPORT_COMMUNITY_TYPE);
    if (plan.compiled(1).pairCount === 0)
      throw new UserError('no pair of the key matches the points of the export');
    return plan;
  } catch (error) {
    if (error instanceof KeyGroupMismatchError) throw new UserError(error.message);
    throw error;
  }
}
