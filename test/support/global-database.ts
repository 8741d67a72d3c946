import { randomBytes } from 'node:crypto';

import type { TestProject } from 'vitest/node';

import {
  dropDatabase,
  ensureDatabase,
  runMigrations,
  syncApplicationRolePassword,
} from '@sdilna/api/data-access-db';

import { testEnvironment } from './test-environment';

/**
 * Integration and end-to-end tiers run against the machine's real PostgreSQL and Redis: a fresh database
 * per run, migrated once, dropped at the end; a Redis database of its own, flushed first.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = `sdilna_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const env = testEnvironment(name);
  await ensureDatabase(env.MIGRATION_DATABASE_URL);
  await runMigrations(env.MIGRATION_DATABASE_URL);
  await syncApplicationRolePassword(env.MIGRATION_DATABASE_URL, env.DATABASE_URL);
  for (const [key, value] of Object.entries(env)) {
    process.env[key] = value;
    project.provide(key as keyof typeof env, value);
  }
  return async () => {
    await dropDatabase(env.MIGRATION_DATABASE_URL);
  };
}
