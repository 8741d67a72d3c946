import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends every run with one plain `tests: N passed, N failed` line that any CI can read. A file that fails outside
 * its tests (a failing `beforeAll`, an import error) counts as one failure: its tests are only "skipped", and a
 * line saying "0 failed" over a red run would mislead whoever reads it.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let failedInModule = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedInModule++;
        else skipped++;
      }
      if (failedInModule === 0 && module.state() === 'failed') failedInModule = 1;
      failed += failedInModule;
    }
    process.stdout.write(
      `\ntests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}
