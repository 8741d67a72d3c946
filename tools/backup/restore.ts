import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DataSource } from 'typeorm';

import { ensureDatabase, syncApplicationRolePassword } from '@sdilna/api/data-access-db';
import { ConfigError, loadConfig } from '@sdilna/api/util-config';

import { damagedFiles, DATABASE_DUMP, FILE_FOLDERS, MANIFEST, type BackupManifest } from './backup-files';

class RestoreError extends Error {}

function readManifest(folder: string): BackupManifest {
  const path = join(folder, MANIFEST);
  if (!existsSync(path))
    throw new RestoreError(`${folder} holds no ${MANIFEST}: not a backup, or a backup that did not finish`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  if (manifest.format !== 1)
    throw new RestoreError(`${path}: unknown backup format ${String(manifest.format)}`);
  return manifest;
}

async function withOwner<T>(url: string, work: (source: DataSource) => Promise<T>): Promise<T> {
  const source = new DataSource({ type: 'postgres', url, logging: ['error'] });
  await source.initialize();
  try {
    return await work(source);
  } finally {
    await source.destroy();
  }
}

/**
 * `npm run db:restore -- <backup folder>`: checks every file against the manifest first, then restores the
 * database into `MIGRATION_DATABASE_URL`'s database, which must be new or empty (a restore never mixes two
 * states), and copies the stored uploads and inbox into `UPLOAD_DIR` and `INBOX_DIR`.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const given = process.argv[2];
  if (given === undefined || given.startsWith('-'))
    throw new RestoreError('usage: npm run db:restore -- <backup folder>');
  const folder = resolve(given);
  const manifest = readManifest(folder);
  const damaged = await damagedFiles(folder, manifest);
  if (damaged.length > 0)
    throw new RestoreError(
      `the backup in ${folder} is damaged; nothing was restored. Files that differ from its manifest: ${damaged.join(', ')}`,
    );

  const target = config.MIGRATION_DATABASE_URL;
  const name = new URL(target).pathname.slice(1);
  await ensureDatabase(target);
  const tables = await withOwner(target, async (source) => {
    const rows = (await source.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
    )) as Array<{ n: number }>;
    // The dump grants to the application role; a new cluster must have it before the grants are restored.
    await source.query(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sdilna_app') THEN CREATE ROLE sdilna_app LOGIN; END IF; END $$`,
    );
    return rows[0]?.n ?? 0;
  });
  if (tables > 0)
    throw new RestoreError(
      `database ${name} is not empty (${tables} tables); restore into a new database (set MIGRATION_DATABASE_URL and DATABASE_URL to it)`,
    );
  const restore = spawnSync(
    'pg_restore',
    ['--exit-on-error', '--no-owner', '--dbname', target, join(folder, DATABASE_DUMP)],
    { encoding: 'utf8' },
  );
  if (restore.error !== undefined || restore.status !== 0)
    throw new RestoreError(`pg_restore failed: ${restore.error?.message ?? restore.stderr.trim()}`);
  await syncApplicationRolePassword(target, config.DATABASE_URL);

  for (const [folderInBackup, destination] of [
    [FILE_FOLDERS.uploads, config.UPLOAD_DIR],
    [FILE_FOLDERS.inbox, config.INBOX_DIR],
  ] as const) {
    const source = join(folder, folderInBackup);
    if (existsSync(source))
      cpSync(source, destination, { recursive: true, force: false, errorOnExist: false });
  }
  process.stdout.write(
    `Restored ${manifest.database} of ${manifest.createdAt} into ${name} (${manifest.migrations.length} migrations) and ${manifest.files.length - 1} stored file(s); run npm run db:migrate if this release has newer migrations\n`,
  );
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof RestoreError;
  process.stderr.write(
    `${known ? (error as Error).message : `Restore failed: ${error instanceof Error ? error.message : String(error)}`}\n`,
  );
  process.exit(known ? 2 : 1);
});
