import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DataSource } from 'typeorm';

import { ConfigError, loadConfig } from '@sdilna/api/util-config';

import {
  DATABASE_DUMP,
  describeFile,
  FILE_FOLDERS,
  filesBelow,
  MANIFEST,
  type BackupManifest,
} from './backup-files';

class BackupError extends Error {}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

async function appliedMigrations(ownerUrl: string): Promise<string[]> {
  const source = new DataSource({ type: 'postgres', url: ownerUrl, logging: ['error'] });
  await source.initialize();
  try {
    const rows = (await source.query(`SELECT name FROM schema_migrations ORDER BY id`)) as Array<{
      name: string;
    }>;
    return rows.map((row) => row.name);
  } finally {
    await source.destroy();
  }
}

/**
 * `npm run db:backup [-- --out <folder>]`: a folder `sdilna-<time>` with the database in pg_dump's custom format,
 * the stored EDC uploads and the inbox, and a manifest with the SHA-256 of every file (written last, so a folder
 * without one is an unfinished backup). Documents are rows (their PDF and ISDOC are rendered from them), so the
 * dump holds every issued document.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const createdAt = new Date().toISOString();
  const target = resolve(argument('--out') ?? 'backups', `sdilna-${createdAt.replace(/[:.]/g, '-')}`);
  if (existsSync(target)) throw new BackupError(`${target} exists already; choose another --out`);
  mkdirSync(target, { recursive: true });

  const migrations = await appliedMigrations(config.MIGRATION_DATABASE_URL);
  const dump = spawnSync(
    'pg_dump',
    ['--format=custom', '--file', join(target, DATABASE_DUMP), '--dbname', config.MIGRATION_DATABASE_URL],
    { encoding: 'utf8' },
  );
  if (dump.error !== undefined || dump.status !== 0)
    throw new BackupError(
      `pg_dump failed: ${dump.error?.message ?? dump.stderr.trim()} (it must be installed and at least the server's version)`,
    );

  for (const [source, folder] of [
    [config.UPLOAD_DIR, FILE_FOLDERS.uploads],
    [config.INBOX_DIR, FILE_FOLDERS.inbox],
  ] as const) {
    if (existsSync(source)) cpSync(source, join(target, folder), { recursive: true });
  }
  const paths = [DATABASE_DUMP, ...filesBelow(join(target, 'files')).map((path) => join('files', path))];
  const manifest: BackupManifest = {
    format: 1,
    createdAt,
    database: new URL(config.MIGRATION_DATABASE_URL).pathname.slice(1),
    migrations,
    files: await Promise.all(paths.map((path) => describeFile(target, path))),
  };
  writeFileSync(join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(
    `Backup written to ${target}: database ${manifest.database} (${migrations.length} migrations), ${manifest.files.length - 1} stored file(s)\n`,
  );
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof BackupError;
  process.stderr.write(
    `${known ? (error as Error).message : `Backup failed: ${error instanceof Error ? error.message : String(error)}`}\n`,
  );
  process.exit(known ? 2 : 1);
});
