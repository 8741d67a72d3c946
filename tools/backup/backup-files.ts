import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** One file of a backup: its path inside the backup folder (always `/`), size and SHA-256. */
export interface BackupFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** What `db:restore` checks before it touches anything, written last by `db:backup`. */
export interface BackupManifest {
  readonly format: 1;
  readonly createdAt: string;
  readonly database: string;
  readonly migrations: readonly string[];
  readonly files: readonly BackupFile[];
}

export const MANIFEST = 'manifest.json';
export const DATABASE_DUMP = 'database.dump';
/** The stored EDC uploads and the inbox, as the API and worker keep them (`UPLOAD_DIR`, `INBOX_DIR`). */
export const FILE_FOLDERS = { uploads: 'files/uploads', inbox: 'files/inbox' } as const;

export function sha256Of(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}

/** Every regular file below `dir`, relative to it; none when the folder does not exist. */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}

export async function describeFile(root: string, path: string): Promise<BackupFile> {
  const full = join(root, path);
  return { path: path.split(sep).join('/'), bytes: statSync(full).size, sha256: await sha256Of(full) };
}

/** The files whose size or hash differs from the manifest, or that are missing: a damaged or altered backup. */
export async function damagedFiles(root: string, manifest: BackupManifest): Promise<string[]> {
  const damaged: string[] = [];
  for (const file of manifest.files) {
    const full = join(root, file.path);
    if (!existsSync(full) || statSync(full).size !== file.bytes || (await sha256Of(full)) !== file.sha256)
      damaged.push(file.path);
  }
  return damaged;
}
