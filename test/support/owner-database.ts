import { DataSource, type QueryRunner } from 'typeorm';

/** Runs `work` on one dedicated connection (transactions need a single connection, not a pool). */
async function withConnection<T>(
  url: string | undefined,
  work: (connection: QueryRunner) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource({ type: 'postgres', url, logging: ['error'], extra: { max: 1 } });
  await dataSource.initialize();
  const connection = dataSource.createQueryRunner();
  try {
    await connection.connect();
    return await work(connection);
  } finally {
    await connection.release();
    await dataSource.destroy();
  }
}

/**
 * A connection as the schema owner, for tests that must arrange what the API cannot (an expired invitation)
 * or inspect the catalog. Never used to check behaviour the application role should show.
 */
export function withOwner<T>(work: (connection: QueryRunner) => Promise<T>): Promise<T> {
  return withConnection(process.env['MIGRATION_DATABASE_URL'], work);
}

/** A connection as the RLS-bound application role, outside any tenant context. */
export function withAppRole<T>(work: (connection: QueryRunner) => Promise<T>): Promise<T> {
  return withConnection(process.env['DATABASE_URL'], work);
}
