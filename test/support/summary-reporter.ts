import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { Reporter, TestModule } from 'vitest/node';

import type { HostileCounts } from './hostile-counts';

/**
 * Ends every run with one plain `tests: N passed, N failed` line that any CI can read. A file that fails outside
 * its tests (a failing `beforeAll`, an import error) counts as one failure: its tests are only "skipped", and a
 * line saying "0 failed" over a red run would mislead whoever reads it. When the hostile-input and fault suite
 * ran, one more line says what it tried (docs/security.md records these figures).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const hostile: Required<HostileCounts> = {
      routesFuzzed: 0,
      inputsTried: 0,
      fiveHundredsSeen: 0,
      concurrentTransitions: 0,
      concurrentCalls: 0,
    };
    let hostileRan = false;
    for (const module of testModules) {
      let failedInModule = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedInModule++;
        else skipped++;
        const counts = test.meta().hostile;
        if (counts === undefined) continue;
        hostileRan = true;
        for (const key of Object.keys(hostile) as Array<keyof HostileCounts>)
          hostile[key] += counts[key] ?? 0;
      }
      if (failedInModule === 0 && module.state() === 'failed') failedInModule = 1;
      failed += failedInModule;
    }
    if (hostileRan) {
      process.stdout.write(
        `\nhostile-input suite: ${hostile.routesFuzzed} routes fuzzed, ${hostile.inputsTried} inputs tried, ` +
          `${hostile.fiveHundredsSeen} 5xx seen, ${hostile.concurrentTransitions} concurrent transitions tried ` +
          `(${hostile.concurrentCalls} parallel calls)\n`,
      );
    }
    // `npm test` runs Vitest twice (unit and integration with coverage, then end-to-end) and names a file in
    // TEST_SUMMARY_FILE: each run adds its counts to it, so the last line counts the whole suite.
    const file = process.env['TEST_SUMMARY_FILE'];
    if (file !== undefined) {
      const earlier = existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as { passed: number; failed: number; skipped: number })
        : { passed: 0, failed: 0, skipped: 0 };
      passed += earlier.passed;
      failed += earlier.failed;
      skipped += earlier.skipped;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ passed, failed, skipped }));
    }
    const label = process.env['TEST_SUMMARY_PARTIAL'] === '1' ? 'tests so far' : 'tests';
    process.stdout.write(
      `\n${label}: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}
