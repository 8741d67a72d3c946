import { DataSource } from 'typeorm';

import { MIGRATIONS } from '@sdilna/migrations';

/** Runs pending migrations as the schema owner; returns the names of those applied. */
export async function runMigrations(ownerUrl: string): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: ownerUrl,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Creates the database named in the URL if it does not exist yet (connecting to the `postgres` database). */
export async function ensureDatabase(ownerUrl: string): Promise<boolean> {
  const target = new URL(ownerUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error(`Database name "${name}" must be letters, digits and underscores`);
  const admin = new URL(ownerUrl);
  admin.pathname = '/postgres';
  const dataSource = new DataSource({ type: 'postgres', url: admin.toString(), logging: ['error'] });
  await dataSource.initialize();
  try {
    const rows: unknown[] = await dataSource.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length > 0) return false;
    await dataSource.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Gives the application role the password its DATABASE_URL carries, so operators set one secret only.
 * Local trust-auth setups have no password in the URL and nothing changes.
 */
export async function syncApplicationRolePassword(ownerUrl: string, appUrl: string): Promise<boolean> {
  const app = new URL(appUrl);
  if (decodeURIComponent(app.username) !== 'sdilna_app' || app.password === '') return false;
  const dataSource = new DataSource({ type: 'postgres', url: ownerUrl, logging: ['error'] });
  await dataSource.initialize();
  try {
    const [row] = (await dataSource.query(
      `SELECT format('ALTER ROLE sdilna_app PASSWORD %L', $1::text) AS sql`,
      [decodeURIComponent(app.password)],
    )) as Array<{ sql: string }>;
    if (row !== undefined) await dataSource.query(row.sql);
    return true;
  } finally {
    await dataSource.destroy();
  }
}
