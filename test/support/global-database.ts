import { randomBytes } from 'node:crypto';

import type { TestProject } from 'vitest/node';

import {
  dropDatabase,
  ensureDatabase,
  runMigrations,
  syncApplicationRolePassword,
} from '@sdilna/api/data-access-db';

import { testEnvironment, type TestEnvironment } from './test-environment';

/**
 * Integration and end-to-end tiers run against the machine's real PostgreSQL and Redis: a fresh database per run,
 * migrated once, dropped at the end; a Redis database of its own and a queue prefix named after the database.
 *
 * A tier whose files run in parallel but must not share state (end-to-end: every file starts workers that would
 * take each other's jobs and mail) gets one database and queue prefix per worker slot (`test.maxWorkers`); each
 * file picks its slot's by VITEST_POOL_ID (provided-environment.ts). Integration files share one database, as
 * their stores scope everything by community.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const slots = project.name === 'e2e' ? Math.max(1, project.config.maxWorkers) : 1;
  const base = `sdilna_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const environments: TestEnvironment[] = [];
  for (let slot = 1; slot <= slots; slot++) {
    const env = testEnvironment(slots === 1 ? base : `${base}_w${slot}`);
    await ensureDatabase(env.MIGRATION_DATABASE_URL);
    environments.push(env);
    await runMigrations(env.MIGRATION_DATABASE_URL);
    await syncApplicationRolePassword(env.MIGRATION_DATABASE_URL, env.DATABASE_URL);
  }
  const [first] = environments as [TestEnvironment];
  for (const [key, value] of Object.entries(first)) {
    process.env[key] = value;
    project.provide(key as keyof TestEnvironment, value);
  }
  project.provide('TEST_SLOT_ENVIRONMENTS', JSON.stringify(environments));
  return async () => {
    for (const env of environments) await dropDatabase(env.MIGRATION_DATABASE_URL);
  };
}
