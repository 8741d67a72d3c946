import {
  ensureDatabase,
  revertMigrations,
  runMigrations,
  syncApplicationRolePassword,
} from '@sdilna/api/data-access-db';
import { ConfigError, loadConfig } from '@sdilna/api/util-config';

/**
 * `npm run db:migrate`: creates the database if needed and applies pending migrations as the owner.
 * `npm run db:revert`: reverts the newest applied migration (a rollback of the last release's schema).
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (process.argv.includes('--revert')) {
    const reverted = await revertMigrations(config.MIGRATION_DATABASE_URL);
    process.stdout.write(
      reverted.length === 0 ? 'No migration to revert.\n' : `Reverted ${reverted.join(', ')}\n`,
    );
    return;
  }
  const created = await ensureDatabase(config.MIGRATION_DATABASE_URL);
  if (created)
    process.stdout.write(`Created database ${new URL(config.MIGRATION_DATABASE_URL).pathname.slice(1)}\n`);
  const applied = await runMigrations(config.MIGRATION_DATABASE_URL);
  await syncApplicationRolePassword(config.MIGRATION_DATABASE_URL, config.DATABASE_URL);
  process.stdout.write(
    applied.length === 0
      ? 'Database is up to date.\n'
      : `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Migration failed: ${error instanceof Error ? error.message : String(error)}`}\n`,
  );
  process.exit(1);
});
