import {
  allocateEdcDay,
  compareEdcOut,
  edcDayWithComputedOut,
  type OutMismatch,
} from '@sdilna/shared/domain-allocation';
import { formatKwhFixed, pragueDayIntervals } from '@sdilna/shared/domain-core';
import { planFor } from './allocate-command';
import { daysOf, openExport } from './edc-input';
import { loadKey } from './key-loading';
import { RoundsSummary } from './rounds-summary';

export interface ReplayOptions {
  readonly export: string;
  readonly key: string;
  readonly maxDifferences: number;
}

/** `replay`: recomputes OUT from IN and compares with the file. Resolves true when every interval matches. */
export async function runReplay(options: ReplayOptions, print: (line: string) => void): Promise<boolean> {
  const key = await loadKey(options.key);
  const reader = await openExport(options.export, { outChecks: 'warning' });
  const plan = planFor(key, reader.points);
  const differences: OutMismatch[] = [];
  let mismatchCount = 0;
  let compared = 0;
  let matched = 0;
  const rounds = new RoundsSummary();
  for await (const day of daysOf(reader)) {
    const allocated = allocateEdcDay(plan, day);
    rounds.add(allocated.rounds);
    const computed = edcDayWithComputedOut(plan, day, allocated.result);
    const counts = compareEdcOut(plan, day, computed, (mismatch) => {
      mismatchCount++;
      if (differences.length < options.maxDifferences) differences.push(mismatch);
    });
    compared += counts.compared;
    matched += counts.matched;
  }
  print(`intervals compared: ${compared}`);
  print(`intervals matched: ${matched}`);
  if (compared > matched) {
    print(`intervals with differences: ${compared - matched} (${mismatchCount} values)`);
    print(`first differences:`);
    for (const d of differences) {
      const interval = pragueDayIntervals(d.date)[d.interval];
      const where = `${d.date} ${interval?.from ?? '?'}–${interval?.to ?? '?'} (${new Date(d.startUtcMs).toISOString()}, line ${d.line})`;
      const actual = d.actual === undefined ? 'empty' : formatKwhFixed(d.actual);
      print(
        `  ${where} OUT-${d.ean}-${d.role === 'production' ? 'D' : 'O'}: file ${actual}, computed ${formatKwhFixed(d.expected)}`,
      );
    }
  }
  for (const line of rounds.lines()) print(line);
  const unmatched = plan.compiled(1).unmatched.length;
  if (unmatched > 0) print(`note: ${unmatched} key pairs name points that are not in the export`);
  for (const issue of reader.issues)
    print(`warning: ${issue.file}:${issue.line}:${issue.column}: ${issue.message}`);
  return compared === matched;
}
