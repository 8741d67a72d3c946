import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Injectable, Logger } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { ImportBatchEntity } from '@sdilna/api/data-access-readings';
import { AppConfig } from '@sdilna/api/util-config';

import { ImportsService, safeFileName } from '../imports.service';
import type { ImportOutcome } from './import-runner';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A file younger than this may still be being copied into the inbox; the next scan takes it. */
const SETTLE_MS = 5_000;

export interface InboxScanResult {
  readonly queued: number;
  readonly duplicates: number;
  readonly refused: number;
}

/**
 * The inbox folder of each community, `INBOX_DIR/<communityId>/`: files dropped there are imported like uploads;
 * afterwards the file is placed in `processed/` or `failed/` with a `<name>.result.txt` beside it that says what
 * happened (batch id, period or the reason with line and column).
 */
@Injectable()
export class InboxFiles {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly config: AppConfig,
    private readonly imports: ImportsService,
    private readonly db: TenantDatabase,
  ) {}

  folderOf(communityId: string): string {
    return join(this.config.INBOX_DIR, communityId);
  }

  async scan(now = Date.now()): Promise<InboxScanResult> {
    const result = { queued: 0, duplicates: 0, refused: 0 };
    await mkdir(this.config.INBOX_DIR, { recursive: true });
    const communities = (await readdir(this.config.INBOX_DIR, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && UUID.test(entry.name))
      .map((entry) => entry.name);
    for (const communityId of communities) {
      const folder = this.folderOf(communityId);
      const files = (await readdir(folder, { withFileTypes: true })).filter(
        (entry) => entry.isFile() && !entry.name.startsWith('.') && !/\.(part|tmp)$/i.test(entry.name),
      );
      for (const file of files) {
        const path = join(folder, file.name);
        const info = await stat(path).catch(() => undefined);
        if (info === undefined || now - info.mtimeMs < SETTLE_MS) continue;
        await this.take(communityId, path, file.name, result);
      }
    }
    return result;
  }

  private async take(
    communityId: string,
    path: string,
    name: string,
    result: { queued: number; duplicates: number; refused: number },
  ): Promise<void> {
    // Claim the file first, so a second scan running in parallel cannot import it twice.
    const claimed = join(this.folderOf(communityId), `.${randomUUID()}.claimed`);
    try {
      await rename(path, claimed);
    } catch {
      return;
    }
    try {
      const incoming = await this.imports.copyToIncoming(claimed);
      const accepted = await this.imports.register(communityId, {
        ...incoming,
        fileName: safeFileName(name),
        source: 'inbox',
        uploadedBy: null,
      });
      if (accepted.duplicate) {
        result.duplicates++;
        await this.place(communityId, claimed, name, 'processed', [
          `Not imported again: the same content is import ${accepted.id} (${accepted.status}).`,
        ]);
      } else {
        result.queued++;
        await rm(claimed, { force: true });
      }
    } catch (error) {
      result.refused++;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Inbox file ${name} of community ${communityId} refused: ${reason}`);
      await this.place(communityId, claimed, name, 'failed', [
        `Not imported: ${/violates foreign key/.test(reason) ? `no community ${communityId} exists` : reason}`,
      ]);
    }
  }

  /** After the import job: puts a copy of an inbox batch's file in processed/ or failed/ with the outcome. */
  async settle(communityId: string, batchId: string, outcome: ImportOutcome): Promise<void> {
    if (outcome.status === 'missing') return;
    const batch = await this.db.run(communityId, ({ manager }) =>
      manager.findOne(ImportBatchEntity, { where: { communityId, id: batchId } }),
    );
    if (batch === null || batch.source !== 'inbox') return;
    const lines =
      outcome.status === 'failed'
        ? [
            `Import ${batchId} failed; nothing was changed.`,
            `${batch.error?.file ?? batch.fileName}:${batch.error?.line ?? 0}:${batch.error?.column ?? 0}: ${batch.error?.message ?? ''}`,
          ]
        : [
            `Import ${batchId} ${outcome.status}: ${batch.periodFrom ?? '?'} to ${batch.periodTo ?? '?'}, ${batch.pointCount ?? 0} points.`,
            ...batch.warnings.map(
              (warning) =>
                `warning: line ${warning.line ?? 0}, column ${warning.column ?? 0}: ${warning.message}`,
            ),
          ];
    await this.place(
      communityId,
      batch.storedPath,
      batch.fileName,
      outcome.status === 'failed' ? 'failed' : 'processed',
      lines,
      true,
    );
  }

  private async place(
    communityId: string,
    from: string,
    name: string,
    folder: 'processed' | 'failed',
    lines: readonly string[],
    keepSource = false,
  ): Promise<void> {
    const directory = join(this.folderOf(communityId), folder);
    await mkdir(directory, { recursive: true });
    let target = join(directory, name);
    if (await exists(target)) target = join(directory, `${Date.now()}-${name}`);
    if (keepSource) {
      // The stored copy stays for history and retries; a hard link costs no space when both share a disk.
      await link(from, target).catch(() => copyFile(from, target, constants.COPYFILE_EXCL));
    } else {
      await rename(from, target);
    }
    await writeFile(`${target}.result.txt`, `${lines.join('\n')}\n`);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
