import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  ImportBatchEntity,
  type ImportCalculation,
  type ImportIssue,
  type ImportKind,
  type ImportSource,
} from '@sdilna/api/data-access-readings';

/** A stored upload about to become a queued batch. */
export interface NewImportBatch {
  readonly id: string;
  readonly source: ImportSource;
  readonly fileName: string;
  readonly storedPath: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string | null;
  readonly calculation: ImportCalculation | null;
  readonly kind: ImportKind;
}

/** A batch a newer import replaced: its period and calculation, as the audit entry of the revision names it. */
export interface SupersededBatch {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly calculation: string | null;
}

/** What a finished import records on its batch. */
export interface FinishedImport {
  readonly kind: ImportKind;
  readonly calculation: ImportCalculation;
  readonly from: string;
  readonly to: string;
  readonly groups: readonly string[];
  readonly pointCount: number;
  readonly dayCount: number;
  readonly intervalCount: number;
  readonly valueCount: number;
  /** already capped and made storable by the caller */
  readonly warnings: readonly ImportIssue[];
}

/**
 * `import_batches` of the community: the one place their SQL is written (the upload registers a batch, the import
 * job moves it through running to done or failed, the sweep reads the queued ones), bound to one tenant
 * transaction.
 */
export class ImportBatchStore {
  constructor(private readonly tx: TenantTransaction) {}

  /**
   * Records a queued batch unless the same content is already live in the community (queued, running or done):
   * answers false then, and nothing is written.
   */
  async register(batch: NewImportBatch): Promise<boolean> {
    const inserted = await this.tx.query<{ id: string }>(
      `INSERT INTO import_batches (community_id, id, source, file_name, stored_path, file_size, file_sha256, uploaded_by,
                                   requested_calculation, kind)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (community_id, file_sha256) WHERE status IN ('queued', 'running', 'done') DO NOTHING
       RETURNING id`,
      [
        this.tx.communityId,
        batch.id,
        batch.source,
        batch.fileName,
        batch.storedPath,
        batch.size,
        batch.sha256,
        batch.uploadedBy,
        batch.calculation,
        batch.kind,
      ],
    );
    return inserted.length > 0;
  }

  /** Batches stored but not yet imported, oldest first (the queued-work sweep enqueues them again). */
  async queuedIds(): Promise<string[]> {
    const rows = await this.tx.query<{ id: string }>(
      `SELECT id FROM import_batches WHERE status = 'queued' ORDER BY created_at`,
    );
    return rows.map((row) => row.id);
  }

  find(batchId: string): Promise<ImportBatchEntity | null> {
    return this.tx.manager.findOne(ImportBatchEntity, { where: { id: batchId } });
  }

  /** An attempt begins: running from now, one attempt more, no progress and no error of an earlier attempt. */
  async start(batchId: string): Promise<void> {
    await this.tx.query(
      `UPDATE import_batches SET status = 'running', started_at = now(), attempts = attempts + 1, progress = 0,
              error = NULL, warnings = '[]'::jsonb WHERE id = $1`,
      [batchId],
    );
  }

  /** The share of the file read so far, while the batch runs (a batch that ended keeps its last value). */
  async reportProgress(batchId: string, progress: number): Promise<void> {
    await this.tx.query(`UPDATE import_batches SET progress = $2 WHERE id = $1 AND status = 'running'`, [
      batchId,
      progress,
    ]);
  }

  /** The batch failed with `error`; `problems` (already capped and storable) are kept in its `warnings` column. */
  async markFailed(batchId: string, error: ImportIssue, problems: readonly ImportIssue[]): Promise<void> {
    await this.tx.manager.update(
      ImportBatchEntity,
      { id: batchId },
      { status: 'failed', error, warnings: [...problems], finishedAt: new Date() },
    );
  }

  /**
   * The end of an import: earlier `done` batches of the same report and groups within this file's period become
   * `superseded` (a preliminary file never supersedes a final one: it did not replace its days), and the batch
   * records what it did. Answers the batches it superseded, oldest period first.
   */
  async finish(batchId: string, done: FinishedImport): Promise<SupersededBatch[]> {
    // A CTE, so the driver answers the rows (an UPDATE … RETURNING answers [rows, count]).
    const superseded = await this.tx.query<SupersededBatch>(
      `WITH superseded AS (
         UPDATE import_batches SET status = 'superseded', superseded_by = $1
          WHERE id <> $1 AND status = 'done' AND kind = $5 AND sharing_group_ids && $2::uuid[]
            AND period_from >= $3::date AND period_to <= $4::date
            AND ($6 = 'monthly' OR calculation IS DISTINCT FROM 'monthly')
          RETURNING id, period_from, period_to, calculation)
       SELECT id, to_char(period_from, 'YYYY-MM-DD') AS "from", to_char(period_to, 'YYYY-MM-DD') AS "to", calculation
         FROM superseded ORDER BY period_from`,
      [batchId, done.groups, done.from, done.to, done.kind, done.calculation],
    );
    await this.tx.manager.update(
      ImportBatchEntity,
      { id: batchId },
      {
        status: 'done',
        progress: 1,
        finishedAt: new Date(),
        periodFrom: done.from,
        periodTo: done.to,
        sharingGroupIds: [...done.groups],
        kind: done.kind,
        calculation: done.calculation,
        pointCount: done.pointCount,
        dayCount: done.dayCount,
        intervalCount: done.intervalCount,
        valueCount: String(done.valueCount),
        warnings: [...done.warnings],
      },
    );
    return superseded;
  }
}
