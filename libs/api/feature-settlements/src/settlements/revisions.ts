import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { DocumentStore, SettlementStore, type SettlementRunRecord } from '@sdilna/api/data-access-settlement';
import {
  revisedLines,
  type LineRevision,
  type SettlementDocument,
  type SettlementLine,
} from '@sdilna/shared/domain-settlement';

/**
 * The month's latest final run: the original, or the last final correction. What the members were billed so far
 * is exactly its lines, because a correction run stores the whole month as recomputed, not only the changes.
 */
export async function latestFinalRun(
  tx: TenantTransaction,
  period: string,
): Promise<SettlementRunRecord | undefined> {
  const finals = (await tx.store(SettlementStore).ofPeriod(period)).filter((run) => run.status === 'final');
  return finals.sort((a, b) => (a.finalizedAt?.getTime() ?? 0) - (b.finalizedAt?.getTime() ?? 0)).at(-1);
}

/** The lines of the month whose figures differ between the settled run and `current`. */
export async function revisionsOf(
  tx: TenantTransaction,
  settled: SettlementRunRecord,
  current: readonly SettlementLine[],
): Promise<LineRevision[]> {
  return revisedLines(await tx.store(SettlementStore).lines(settled.id), current);
}

/**
 * Every regular (not corrective) document issued for the month that still stands: the original run's and those
 * of corrections, without documents cancelled completely by a storno (a storno is issued into its original's run,
 * a re-billing correction into its correction run). A cancelled document is not corrected again: what changed on
 * its lines is billed on a new document.
 */
export async function issuedDocumentsOf(
  tx: TenantTransaction,
  period: string,
): Promise<SettlementDocument[]> {
  const documents: SettlementDocument[] = [];
  for (const run of await tx.store(SettlementStore).ofPeriod(period)) {
    if (run.status !== 'final') continue;
    const ofRun = await tx.store(DocumentStore).documentsOfRun(run.id);
    const cancelled = new Set(
      ofRun.flatMap((d) => (d.kind === 'corrective' && d.corrects ? [d.corrects.uuid] : [])),
    );
    documents.push(...ofRun.filter((d) => d.kind !== 'corrective' && !cancelled.has(d.uuid)));
  }
  return documents;
}
