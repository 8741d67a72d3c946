import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import {
  ImportBatchEntity,
  type ImportCalculation,
  type ImportSource,
  type ImportStatus,
} from '@sdilna/api/data-access-readings';
import { AuditLog, CommunityAccess } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { JobProducer, withinDeadline } from '@sdilna/api/util-jobs';

import type { ImportAcceptedView, ImportView } from './dtos/import.dto';
import { ImportBatchStore } from './import-batch-store';
import { importJobId } from './import-job-ids';
import { reportKindOf } from './jobs/import-common';
import { ImportsException } from './imports.exception';
import type { StoredUpload } from './upload-storage';

/** A file already on disk (under UPLOAD_DIR/incoming), hashed, waiting to become a batch. */
export interface IncomingFile {
  readonly tempPath: string;
  readonly size: number;
  readonly sha256: string;
  readonly fileName: string;
  readonly source: ImportSource;
  readonly uploadedBy: string | null;
  /** EDC's calculation of the file when the caller knows it (the connector asked for it); inferred when absent */
  readonly calculation?: ImportCalculation;
}

export interface ImportFileOptions {
  readonly source?: ImportSource;
  readonly uploadedBy?: string | null;
  /** the name shown in the import history; the file's own name by default */
  readonly fileName?: string;
  /** `daily` (preliminary) or `monthly` (final) when known; inferred from the file when absent */
  readonly calculation?: ImportCalculation;
}

const CALCULATIONS: readonly string[] = ['daily', 'monthly'];

const LIVE: readonly ImportStatus[] = ['queued', 'running', 'done'];

/**
 * The use cases around import batches: accept a file (upload, inbox or a script), show the history. Parsing and
 * storing happen in the worker (ImportRunner); accepting only stores the file and enqueues `imports.import`.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly jobs: JobProducer,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  async upload(
    principal: Principal,
    communityId: string,
    file: StoredUpload | undefined,
    calculation?: unknown,
  ): Promise<ImportAcceptedView> {
    try {
      await this.db.run(communityId, async ({ manager }) => {
        this.access.requireAdmin(await this.access.resolve(manager, communityId, principal));
      });
      if (calculation !== undefined && calculation !== '' && !CALCULATIONS.includes(String(calculation))) {
        throw new ImportsException(
          'CALCULATION_INVALID',
          `The field "calculation" is ${JSON.stringify(calculation)}; expected "daily" (preliminary values), "monthly" (final values) or no field (inferred from the file)`,
          { field: 'calculation', allowed: CALCULATIONS },
        );
      }
      if (file === undefined) {
        throw new ImportsException(
          'FILE_MISSING',
          'No file received: send the EDC export as multipart/form-data in the field "file"',
        );
      }
      if (file.size === 0) {
        throw new ImportsException(
          'FILE_EMPTY',
          `The file "${file.originalname}" is empty; expected an EDC export`,
        );
      }
      return await this.register(communityId, {
        tempPath: file.path,
        size: file.size,
        sha256: file.sha256,
        fileName: safeFileName(file.originalname),
        source: 'upload',
        uploadedBy: principal.userId,
        ...(calculation === 'daily' || calculation === 'monthly' ? { calculation } : {}),
      });
    } finally {
      // Whatever happened, nothing stays in incoming/: register() has moved it, or the request was refused.
      if (file !== undefined) await rm(file.path, { force: true });
    }
  }

  /**
   * Imports a file from the local disk, as the demo seeding, scripts and the EDC portal connector do: copies it
   * into UPLOAD_DIR, then behaves exactly like an upload (same duplicate check, same job). Standard export or pair
   * report: the import job reads which from the file's header. Await `waitForImport` to block until done.
   */
  async importFile(
    communityId: string,
    path: string,
    options: ImportFileOptions = {},
  ): Promise<ImportAcceptedView> {
    const incoming = await this.copyToIncoming(path);
    try {
      return await this.register(communityId, {
        ...incoming,
        fileName: safeFileName(options.fileName ?? basename(path)),
        source: options.source ?? 'api',
        uploadedBy: options.uploadedBy ?? null,
        ...(options.calculation === undefined ? {} : { calculation: options.calculation }),
      });
    } finally {
      await rm(incoming.tempPath, { force: true });
    }
  }

  /**
   * Imports a failed batch's stored file again, as a new batch (the failed one stays in the history with its
   * problems): after the registry was fixed, nobody has to find and upload the file again. Only a failed batch:
   * a live one would be a duplicate, a superseded one is replaced by newer data.
   */
  async retry(principal: Principal, communityId: string, importId: string): Promise<ImportAcceptedView> {
    const batch = await this.db.run(communityId, async ({ manager }) => {
      this.access.requireAdmin(await this.access.resolve(manager, communityId, principal));
      return this.findOrFail(manager, importId);
    });
    if (batch.status !== 'failed') {
      throw new ImportsException(
        'IMPORT_NOT_FAILED',
        `Import ${importId} is ${batch.status}; only a failed import can be imported again`,
        { status: batch.status },
      );
    }
    const incoming = await this.copyToIncoming(batch.storedPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      throw new ImportsException(
        'IMPORT_FILE_GONE',
        `The file of import ${importId} (${batch.fileName}) is no longer stored; upload it again`,
      );
    });
    try {
      return await this.register(communityId, {
        ...incoming,
        fileName: batch.fileName,
        source: batch.source,
        uploadedBy: principal.userId,
        ...(batch.requestedCalculation === null ? {} : { calculation: batch.requestedCalculation }),
      });
    } finally {
      await rm(incoming.tempPath, { force: true });
    }
  }

  /** Streams a file into UPLOAD_DIR/incoming while hashing it. */
  async copyToIncoming(path: string): Promise<{ tempPath: string; size: number; sha256: string }> {
    const directory = join(this.config.UPLOAD_DIR, 'incoming');
    await mkdir(directory, { recursive: true });
    const tempPath = join(directory, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        createReadStream(path),
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
          },
        }),
        createWriteStream(tempPath),
      );
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, size, sha256: hash.digest('hex') };
  }

  /**
   * Turns a stored file into a queued batch and enqueues its job; the same content already live in the
   * community answers that batch instead (duplicate: true), and the new copy is dropped. The batch row is
   * committed first; an enqueue that fails or outlasts ENQUEUE_DEADLINE_MS leaves it to the queued-work sweep.
   */
  async register(communityId: string, file: IncomingFile): Promise<ImportAcceptedView> {
    const id = randomUUID();
    const directory = join(this.config.UPLOAD_DIR, communityId);
    const storedPath = join(directory, `${id}.csv`);
    await mkdir(directory, { recursive: true });
    await rename(file.tempPath, storedPath);
    // shown in the history right away; the import job reads the header again before it parses
    const kind = await reportKindOf(storedPath);
    const existing = await this.db.run(communityId, async (tx) => {
      const registered = await tx.store(ImportBatchStore).register({
        id,
        source: file.source,
        fileName: file.fileName,
        storedPath,
        size: file.size,
        sha256: file.sha256,
        uploadedBy: file.uploadedBy,
        calculation: file.calculation ?? null,
        kind,
      });
      if (registered) {
        await this.audit.recordIn(tx, {
          actorUserId: file.uploadedBy,
          action: 'upload',
          entity: 'import',
          entityId: id,
          after: {
            status: 'queued',
            fileName: file.fileName,
            size: file.size,
            source: file.source,
            kind,
            calculation: file.calculation ?? null,
          },
        });
        return undefined;
      }
      // the same content again changes nothing, so it writes no entry either
      return this.liveBatchWithHash(tx.manager, file.sha256);
    });
    if (existing !== undefined) {
      await rm(storedPath, { force: true });
      return { id: existing.id, status: existing.status, duplicate: true };
    }
    try {
      await withinDeadline(
        this.jobs.enqueue('imports.import', { communityId, batchId: id }, importJobId(communityId, id)),
      );
    } catch (error) {
      // The batch is stored as queued, which is the record of the work (an outbox): the worker's queued-work
      // sweep enqueues it once Redis answers again. The caller gets the batch, not a hang or a 5xx.
      this.logger.warn(
        `Import ${id} of community ${communityId} stored but not enqueued (${(error as Error).message}); the queued-work sweep will pick it up`,
      );
      return { id, status: 'queued', duplicate: false };
    }
    this.logger.log(`Import ${id} of community ${communityId} queued (${file.fileName}, ${file.size} bytes)`);
    return { id, status: 'queued', duplicate: false };
  }

  private async liveBatchWithHash(
    manager: EntityManager,
    sha256: string,
  ): Promise<ImportBatchEntity | undefined> {
    const batches = await manager.find(ImportBatchEntity, { where: { fileSha256: sha256 } });
    return batches.find((batch) => LIVE.includes(batch.status));
  }

  async list(principal: Principal, communityId: string, limit = 100): Promise<ImportView[]> {
    return this.db.run(communityId, async ({ manager }) => {
      this.access.requireAdmin(await this.access.resolve(manager, communityId, principal));
      const batches = await manager.find(ImportBatchEntity, {
        order: { createdAt: 'DESC' },
        take: limit,
      });
      return batches.map(toView);
    });
  }

  async get(principal: Principal, communityId: string, importId: string): Promise<ImportView> {
    return this.db.run(communityId, async ({ manager }) => {
      this.access.requireAdmin(await this.access.resolve(manager, communityId, principal));
      return toView(await this.findOrFail(manager, importId));
    });
  }

  /** The batch as the API shows it, without an access check: for the worker, scripts and the demo. */
  async status(communityId: string, importId: string): Promise<ImportView> {
    return this.db.run(communityId, async ({ manager }) => toView(await this.findOrFail(manager, importId)));
  }

  /** Polls until the batch is done, failed or superseded (for scripts and the demo; the worker does the work). */
  async waitForImport(communityId: string, importId: string, timeoutMs = 300_000): Promise<ImportView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await this.status(communityId, importId);
      if (view.status !== 'queued' && view.status !== 'running') return view;
      if (Date.now() > deadline)
        throw new Error(`Import ${importId} still ${view.status} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async findOrFail(manager: EntityManager, importId: string): Promise<ImportBatchEntity> {
    const batch = await manager.findOne(ImportBatchEntity, { where: { id: importId } });
    if (batch === null) throw new ImportsException('IMPORT_NOT_FOUND', 'No such import in this community');
    return batch;
  }
}

/** Keeps only a plain file name (no folders, no control characters) for history and the inbox folders. */
export function safeFileName(name: string): string {
  const plain = [...basename(name.replace(/\\/g, '/'))]
    .filter((character) => character.charCodeAt(0) >= 32)
    .join('')
    .trim();
  return plain.length === 0 ? 'export.csv' : plain.slice(0, 200);
}

export function toView(batch: ImportBatchEntity): ImportView {
  const done = batch.periodFrom !== null && batch.periodTo !== null;
  return {
    id: batch.id,
    status: batch.status,
    progress: batch.progress,
    attempts: batch.attempts,
    source: batch.source,
    fileName: batch.fileName,
    fileSize: Number(batch.fileSize),
    sha256: batch.fileSha256,
    uploadedBy: batch.uploadedBy,
    createdAt: batch.createdAt.toISOString(),
    startedAt: batch.startedAt?.toISOString() ?? null,
    finishedAt: batch.finishedAt?.toISOString() ?? null,
    period: done ? { from: batch.periodFrom as string, to: batch.periodTo as string } : null,
    counts:
      batch.dayCount === null
        ? null
        : {
            points: batch.pointCount ?? 0,
            days: batch.dayCount,
            intervals: batch.intervalCount ?? 0,
            values: Number(batch.valueCount ?? 0),
          },
    kind: batch.kind,
    requestedCalculation: batch.requestedCalculation,
    calculation: batch.calculation,
    // a failed batch's `warnings` column holds its problems (the first 100); one failed before that has its error
    warnings: batch.status === 'failed' ? [] : batch.warnings,
    ...(batch.error === null ? {} : { error: batch.error }),
    ...(batch.status === 'failed'
      ? { problems: batch.warnings.length > 0 ? batch.warnings : batch.error === null ? [] : [batch.error] }
      : {}),
    supersededBy: batch.supersededBy,
  };
}
