import { inject } from 'vitest';

// Test workers start before the global setup's process.env changes can reach them in every pool, so the
// connection settings are handed over explicitly.
for (const key of [
  'NODE_ENV',
  'DATABASE_URL',
  'MIGRATION_DATABASE_URL',
  'REDIS_URL',
  'QUEUE_PREFIX',
  'TEST_DATABASE_NAME',
] as const) {
  process.env[key] = inject(key);
}
