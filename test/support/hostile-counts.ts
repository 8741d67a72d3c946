import type { TestContext } from 'vitest';

/** What one test of the hostile-input and fault suite tried; the summary reporter adds them up and prints them. */
export interface HostileCounts {
  routesFuzzed?: number;
  inputsTried?: number;
  fiveHundredsSeen?: number;
  concurrentTransitions?: number;
  concurrentCalls?: number;
}

declare module 'vitest' {
  interface TaskMeta {
    hostile?: HostileCounts;
  }
}

/** Adds to the counts this test reports (kept on the task's meta, which reaches the reporter from any worker). */
export function recordHostile(context: Pick<TestContext, 'task'>, counts: HostileCounts): void {
  const meta = (context.task.meta.hostile ??= {});
  for (const [key, value] of Object.entries(counts) as Array<[keyof HostileCounts, number]>) {
    meta[key] = (meta[key] ?? 0) + value;
  }
}
