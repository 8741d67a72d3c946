import type { TenantTransaction } from '@sdilna/api/data-access-db';

/** Reads of the community's import batches outside the import job, bound to one tenant transaction. */
export class ImportBatchStore {
  constructor(private readonly tx: TenantTransaction) {}

  /** Batches stored but not yet imported, oldest first (the queued-work sweep enqueues them again). */
  async queuedIds(): Promise<string[]> {
    const rows = await this.tx.query<{ id: string }>(
      `SELECT id FROM import_batches WHERE status = 'queued' ORDER BY created_at`,
    );
    return rows.map((row) => row.id);
  }
}
