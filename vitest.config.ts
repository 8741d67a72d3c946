import swc from 'unplugin-swc';
import tsconfigPaths from 'vite-tsconfig-paths';
import { defineConfig } from 'vitest/config';

// One Vitest run for every tier, so `npm test` reports a single pass/fail count.
// Tiers have fixed globs (house-style.md): unit `*.spec.ts` beside the code, integration `*.int-spec.ts`
// against the real Postgres and Redis, end-to-end under `test/` (Supertest and the browser).
const plugins = [
  tsconfigPaths({ projects: ['tsconfig.base.json'] }),
  // SWC keeps decorator metadata, which NestJS dependency injection needs; esbuild would drop it.
  swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } }),
];

export default defineConfig({
  plugins,
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
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
          fileParallelism: false,
        },
      },
    ],
  },
});
