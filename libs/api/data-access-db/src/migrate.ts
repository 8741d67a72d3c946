import { DataSource } from 'typeorm';

import { MIGRATIONS } from '@sdilna/migrations';

type Migrations = typeof MIGRATIONS;

function migrationSource(ownerUrl: string, migrations: Migrations = MIGRATIONS): DataSource {
  return new DataSource({
    type: 'postgres',
    url: ownerUrl,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    logging: ['error'],
  });
}

/**
 * Runs pending migrations as the schema owner; returns the names of those applied. `migrations` is for tests
 * that step through them: a prefix of the list, oldest first.
 */
export async function runMigrations(
  ownerUrl: string,
  migrations: Migrations = MIGRATIONS,
): Promise<string[]> {
  const dataSource = migrationSource(ownerUrl, migrations);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Reverts the last `count` applied migrations, newest first, each in its own transaction; returns the names of
 * those reverted (fewer when fewer were applied).
 */
export async function revertMigrations(ownerUrl: string, count = 1): Promise<string[]> {
  const dataSource = migrationSource(ownerUrl);
  await dataSource.initialize();
  try {
    const reverted: string[] = [];
    for (let i = 0; i < count; i++) {
      const rows: Array<{ name: string }> = await dataSource.query(
        'SELECT name FROM schema_migrations ORDER BY timestamp DESC, id DESC LIMIT 1',
      );
      const last = rows[0];
      if (last === undefined) break;
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted.push(last.name);
    }
    return reverted;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Runs `work` on a connection to the cluster's `postgres` database with the name of the database the URL names
 * (checked, since it goes into CREATE/DROP DATABASE unquoted by the driver).
 */
async function onMaintenanceDatabase<T>(
  ownerUrl: string,
  work: (maintenance: DataSource, name: string) => Promise<T>,
): Promise<T> {
  const name = decodeURIComponent(new URL(ownerUrl).pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error(`Database name "${name}" must be letters, digits and underscores`);
  const maintenanceUrl = new URL(ownerUrl);
  maintenanceUrl.pathname = '/postgres';
  const maintenance = new DataSource({
    type: 'postgres',
    url: maintenanceUrl.toString(),
    logging: ['error'],
  });
  await maintenance.initialize();
  try {
    return await work(maintenance, name);
  } finally {
    await maintenance.destroy();
  }
}

/** Creates the database named in the URL if it does not exist yet; true when it was created. */
export async function ensureDatabase(ownerUrl: string): Promise<boolean> {
  return onMaintenanceDatabase(ownerUrl, async (maintenance, name) => {
    const rows: unknown[] = await maintenance.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length > 0) return false;
    await maintenance.query(`CREATE DATABASE "${name}"`);
    return true;
  });
}

/** Drops the database named in the URL if it exists, closing its connections (scratch databases of tests). */
export async function dropDatabase(ownerUrl: string): Promise<void> {
  await onMaintenanceDatabase(ownerUrl, (maintenance, name) =>
    maintenance.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
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

/** Migrations the code knows that the database has not applied (read as the application role). */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const rows = (await dataSource.query(`SELECT name FROM schema_migrations`)) as Array<{ name: string }>;
  const applied = new Set(rows.map((row) => row.name));
  return MIGRATIONS.map((migration) => new migration().name).filter((name) => !applied.has(name));
}
