import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Gives the spec's API and worker upload and inbox folders of their own (`UPLOAD_DIR`, `INBOX_DIR`), so specs
 * running side by side never see each other's files. Call it at the top of the spec, before the app starts.
 */
export function useScratchStorage(label: string): { readonly uploadDir: string; readonly inboxDir: string } {
  const scratch = mkdtempSync(join(tmpdir(), `sdilna-${label}-`));
  const uploadDir = join(scratch, 'uploads');
  const inboxDir = join(scratch, 'inbox');
  process.env['UPLOAD_DIR'] = uploadDir;
  process.env['INBOX_DIR'] = inboxDir;
  return { uploadDir, inboxDir };
}
