/** Connection settings a test run uses; the owner URL may be overridden where postgres is not the superuser. */
export function testEnvironment(database: string): TestEnvironment {
  const owner = new URL(
    process.env['TEST_POSTGRES_OWNER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  owner.pathname = `/${database}`;
  const app = new URL(owner.toString());
  app.username = 'sdilna_app';
  // Empty where the server trusts local connections (the machines here); npm test sets it for an embedded server.
  app.password = process.env['TEST_APP_PASSWORD'] ?? '';
  const redis = new URL(process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  // A separate Redis database keeps tests apart from a demo on the same machine, and a queue prefix named after
  // the run's database keeps concurrent tiers and runs (which share a process id) apart from each other.
  redis.pathname = '/1';
  return {
    NODE_ENV: 'test',
    DATABASE_URL: app.toString(),
    MIGRATION_DATABASE_URL: owner.toString(),
    REDIS_URL: redis.toString(),
    QUEUE_PREFIX: database,
    TEST_DATABASE_NAME: database,
  };
}

export interface TestEnvironment {
  NODE_ENV: string;
  DATABASE_URL: string;
  MIGRATION_DATABASE_URL: string;
  REDIS_URL: string;
  QUEUE_PREFIX: string;
  TEST_DATABASE_NAME: string;
}

declare module 'vitest' {
  export interface ProvidedContext extends TestEnvironment {
    /** JSON of one TestEnvironment per worker slot (global-database.ts). */
    TEST_SLOT_ENVIRONMENTS: string;
  }
}
