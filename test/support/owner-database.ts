import { Client } from 'pg';

/**
 * A connection as the schema owner, for tests that must arrange what the API cannot (an expired invitation)
 * or inspect the catalog. Never used to check behaviour the application role should show.
 */
export async function withOwner<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env['MIGRATION_DATABASE_URL'] });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A connection as the RLS-bound application role, outside any tenant context. */
export async function withAppRole<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env['DATABASE_URL'] });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
