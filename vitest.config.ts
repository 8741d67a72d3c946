import swc from 'unplugin-swc';
import tsconfigPaths from 'vite-tsconfig-paths';
import { defineConfig } from 'vitest/config';

// One configuration for every tier; `npm test` runs unit and integration with coverage, then end-to-end, and the
// summary reporter adds both runs up into a single pass/fail count (tools/test-run/main.ts).
// Tiers have fixed globs (house-style.md): unit `*.spec.ts` beside the code, integration `*.int-spec.ts`
// against the real Postgres and Redis, end-to-end under `test/` (Supertest and the browser).
const plugins = [
  tsconfigPaths({ projects: ['tsconfig.base.json'] }),
  // SWC keeps decorator metadata, which NestJS dependency injection needs; esbuild would drop it.
  swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } }),
];

/**
 * Coverage floors per library type (percent of statements, branches, functions and lines of each type's files
 * taken together), enforced by `npm test` over the unit and integration tiers (tools/test-run/main.ts; the
 * README's testing section has the figures they were set from). The portal's libraries are tested by the Angular
 * runner (`nx run portal:test`) and are not part of this report.
 */
export const COVERAGE_FLOORS = {
  'libs/*/domain-*/src/**': { statements: 90, branches: 80, functions: 93, lines: 91 },
  'libs/*/util-*/src/**': { statements: 77, branches: 62, functions: 69, lines: 78 },
  'libs/*/data-access-*/src/**': { statements: 42, branches: 40, functions: 32, lines: 44 },
  'libs/*/feature-*/src/**': { statements: 32, branches: 27, functions: 35, lines: 33 },
} as const;

const E2E_WORKERS = Math.max(1, Number(process.env['E2E_WORKERS'] ?? '2'));

export default defineConfig({
  plugins,
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Off unless asked for (`--coverage`): npm test asks for it on the unit and integration tiers.
    coverage: {
      provider: 'v8',
      include: ['libs/{shared,api}/**/src/**/*.ts', 'apps/{api,worker,cli}/src/**/*.ts'],
      exclude: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.testing.ts', '**/test-*.ts', '**/testing.ts'],
      reporter: ['text-summary', 'json-summary', 'json'],
      reportsDirectory: 'coverage',
      thresholds: COVERAGE_FLOORS,
    },
    projects: [
      {
        plugins,
        test: {
          name: 'unit',
          include: [
            'apps/{api,worker,cli}/**/*.spec.ts',
            'libs/{shared,api}/**/*.spec.ts',
            'bench/**/*.spec.ts',
            'tools/**/*.spec.ts',
          ],
          environment: 'node',
        },
      },
      {
        plugins,
        test: {
          name: 'integration',
          include: ['apps/**/*.int-spec.ts', 'libs/**/*.int-spec.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-database.ts'],
          setupFiles: ['test/support/provided-environment.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e-spec.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-database.ts'],
          setupFiles: ['test/support/provided-environment.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // expect.poll waits for a page as a locator does (Playwright's 30 s), not Vitest's default 1 s: with two
          // files and Chromium on two cores, a form filled from a slow answer took longer than 1 s and failed.
          expect: { poll: { timeout: 30_000 } },
          // Files in parallel, each worker slot with a database and queue prefix of its own (global-database.ts):
          // two on the 2-core machines, where a browser file and an API file overlap well. E2E_WORKERS=1 runs
          // them one at a time (what to do when a file's timing is in question).
          fileParallelism: E2E_WORKERS > 1,
          maxWorkers: E2E_WORKERS,
        },
      },
    ],
  },
});
