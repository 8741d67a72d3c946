import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  type ImportBatchEntity,
  type ImportIssue,
  type ImportKind,
  type RegisteredPoint,
} from '@sdilna/api/data-access-readings';
import type { AuditLog } from '@sdilna/api/data-access-registry';
import { ImportBatchStore } from '../import-batch-store';
import { detectEdcReportKind, type EdcCalculation, type EdcIssue } from '@sdilna/shared/domain-edc';

/** A file the registry check refuses: the EDC reader accepted it, but it does not fit this community. */
export class ImportRejectedError extends Error {
  constructor(readonly issues: readonly ImportIssue[]) {
    super(issues[0]?.message ?? 'import rejected');
    this.name = 'ImportRejectedError';
  }
}

/**
 * Refuses a file whose header does not fit the registry, listing every problem (not only the first), so one fix of
 * the registry is enough; the first message says how many follow.
 */
export function rejectHeaderProblems(problems: readonly ImportIssue[]): void {
  if (problems.length === 0) return;
  throw new ImportRejectedError(
    problems.map((problem, index) =>
      index === 0 && problems.length > 1
        ? {
            ...problem,
            message: `${problem.message} (and ${problems.length - 1} more problems with the header)`,
            params: { ...problem.params, more: problems.length - 1 },
          }
        : problem,
    ),
  );
}

/** The registered rows of each EAN: a point registered again for a later period has one row per period. */
export function registeredByEan(registered: readonly RegisteredPoint[]): Map<string, RegisteredPoint[]> {
  const byEan = new Map<string, RegisteredPoint[]>();
  for (const point of registered) byEan.set(point.ean, [...(byEan.get(point.ean) ?? []), point]);
  return byEan;
}

/** Per column of the file: how many values fell on days its point was not valid, and the first line of them. */
export type OutsideValidity = Map<number, { count: number; firstLine: number }>;

/** Counts a day's values of a column whose point was not valid that day (they are not stored; a warning says so). */
export function countOutsideValidity(
  outsideValidity: OutsideValidity,
  column: number,
  present: number,
  firstLine: number,
): void {
  if (present === 0) return;
  const gap = outsideValidity.get(column) ?? { count: 0, firstLine };
  gap.count += present;
  outsideValidity.set(column, gap);
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
    // a parameter quotes the file (the offending cell), so it is cleaned like the message
    ...(issue.params === undefined
      ? {}
      : {
          params: Object.fromEntries(
            Object.entries(issue.params).map(([name, value]) => [
              name,
              typeof value === 'string' ? storableText(value, 255) : value,
            ]),
          ),
        }),
  };
}

export function issueOf(issue: EdcIssue): ImportIssue {
  return {
    message: issue.message,
    code: issue.code,
    params: issue.params,
    file: issue.file,
    line: issue.line,
    column: issue.column,
  };
}

/** How many problems a failed import keeps in its history (in file order; the first is its `error`). */
export const MAX_PROBLEMS = 100;

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
 * The end of every import's transaction: the batch records what it did (at most MAX_WARNINGS warnings, each made
 * storable) and supersedes the earlier batches it replaced (`ImportBatchStore.finish`). The audit trail gets the
 * import, or a revision naming the batches it superseded, on behalf of whoever uploaded the file (nobody for the
 * EDC connector's nightly fetch).
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
  const { summary, warnings, ...counts } = done;
  const { from, to } = summary;
  const superseded = await tx.store(ImportBatchStore).finish(batch.id, {
    ...counts,
    ...summary,
    warnings: warnings.slice(0, MAX_WARNINGS).map(storableIssue),
  });
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
