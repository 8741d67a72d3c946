import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { ImportBatchEntity, type ImportIssue, type ImportKind } from '@sdilna/api/data-access-readings';
import type { AuditLog } from '@sdilna/api/data-access-registry';
import { detectEdcReportKind, type EdcCalculation, type EdcIssue } from '@sdilna/shared/domain-edc';

/** A file the registry check refuses: the EDC reader accepted it, but it does not fit this community. */
export class ImportRejectedError extends Error {
  constructor(readonly issues: readonly ImportIssue[]) {
    super(issues[0]?.message ?? 'import rejected');
    this.name = 'ImportRejectedError';
  }
}

export interface ImportSummary {
  readonly from: string;
  readonly to: string;
  readonly groups: readonly string[];
}

export const MAX_WARNINGS = 200;

const NUL = String.fromCharCode(0);
const REPLACEMENT = '\uFFFD';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Longest message text stored in an import's error or warning. */
export const MAX_STORED_MESSAGE = 1000;

/**
 * Text as PostgreSQL stores it: a NUL (which `text` and `jsonb` refuse) and a lone UTF-16 surrogate (not
 * encodable) become U+FFFD, and the length is capped. Every issue an import records goes through here, so an
 * import of a broken file can always record why it failed instead of failing again while saying so.
 */
export function storableText(text: string, max = MAX_STORED_MESSAGE): string {
  // capped first, so a surrogate pair cut in half by the cap is repaired below too
  const capped = text.length <= max ? text : `${text.slice(0, max - 1)}…`;
  return capped.split(NUL).join(REPLACEMENT).replace(LONE_SURROGATE, REPLACEMENT);
}

export function storableIssue(issue: ImportIssue): ImportIssue {
  return {
    ...issue,
    message: storableText(issue.message),
    ...(issue.file === undefined ? {} : { file: storableText(issue.file, 255) }),
  };
}

export function issueOf(issue: EdcIssue): ImportIssue {
  return { message: issue.message, file: issue.file, line: issue.line, column: issue.column };
}

/** The report a stored file holds, from its first bytes (the header's first cells). */
export async function reportKindOf(path: string): Promise<ImportKind> {
  const handle = await open(path, 'r');
  try {
    const start = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(start, 0, start.length, 0);
    return detectEdcReportKind(start.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The stored file as chunks, counting the bytes read for the progress. */
export async function* chunksOf(path: string, onRead: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    onRead((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

/**
 * The end of every import's transaction: earlier `done` batches of the same report and groups within this
 * file's period become `superseded` (a preliminary file never supersedes a final one: it did not replace its
 * days), and the batch records what it did. The audit trail gets the import, or a revision naming the batches
 * it superseded, on behalf of whoever uploaded the file (nobody for the EDC connector's nightly fetch).
 */
export async function finishBatch(
  tx: TenantTransaction,
  audit: AuditLog,
  batch: ImportBatchEntity,
  done: {
    readonly kind: ImportKind;
    readonly calculation: EdcCalculation;
    readonly summary: ImportSummary;
    readonly pointCount: number;
    readonly dayCount: number;
    readonly intervalCount: number;
    readonly valueCount: number;
    readonly warnings: readonly ImportIssue[];
  },
): Promise<void> {
  const { from, to, groups } = done.summary;
  // A CTE, so the driver answers the rows (an UPDATE … RETURNING answers [rows, count]).
  const superseded = await tx.query<{ id: string; from: string; to: string; calculation: string | null }>(
    `WITH superseded AS (
       UPDATE import_batches SET status = 'superseded', superseded_by = $1
        WHERE id <> $1 AND status = 'done' AND kind = $5 AND sharing_group_ids && $2::uuid[]
          AND period_from >= $3::date AND period_to <= $4::date
          AND ($6 = 'monthly' OR calculation IS DISTINCT FROM 'monthly')
        RETURNING id, period_from, period_to, calculation)
     SELECT id, to_char(period_from, 'YYYY-MM-DD') AS "from", to_char(period_to, 'YYYY-MM-DD') AS "to", calculation
       FROM superseded ORDER BY period_from`,
    [batch.id, groups, from, to, done.kind, done.calculation],
  );
  await tx.manager.update(
    ImportBatchEntity,
    { id: batch.id },
    {
      status: 'done',
      progress: 1,
      finishedAt: new Date(),
      periodFrom: from,
      periodTo: to,
      sharingGroupIds: [...groups],
      kind: done.kind,
      calculation: done.calculation,
      pointCount: done.pointCount,
      dayCount: done.dayCount,
      intervalCount: done.intervalCount,
      valueCount: String(done.valueCount),
      warnings: done.warnings.slice(0, MAX_WARNINGS).map(storableIssue),
    },
  );
  await audit.recordIn(tx, {
    actorUserId: batch.uploadedBy,
    action: superseded.length > 0 ? 'revise' : 'import',
    entity: 'import',
    entityId: batch.id,
    ...(superseded.length > 0 ? { before: { superseded } } : {}),
    after: {
      status: 'done',
      fileName: batch.fileName,
      kind: done.kind,
      calculation: done.calculation,
      from,
      to,
      points: done.pointCount,
      days: done.dayCount,
      warnings: done.warnings.length,
    },
  });
}
