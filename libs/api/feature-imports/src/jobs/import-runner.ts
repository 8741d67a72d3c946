import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { PeriodChangeStore } from '@sdilna/api/data-access-registry';
import {
  EdcDaysStore,
  emptyPackedDay,
  type ImportBatchEntity,
  isValidOn,
  ReadingsStore,
  RegistryReader,
  SERIES,
  SharingRunsStore,
  type ImportIssue,
  type ImportKind,
  type ReadingRow,
  type RegisteredPoint,
} from '@sdilna/api/data-access-readings';
import { AuditLog } from '@sdilna/api/data-access-registry';
import { AppConfig } from '@sdilna/api/util-config';
import { JobProducer } from '@sdilna/api/util-jobs';
import {
  EdcFormatError,
  measuredFromEdc,
  openEdcStandardExport,
  pointColumn,
  sharedFromEdc,
  type EdcCalculation,
  type EdcDayBlock,
  type EdcPoint,
} from '@sdilna/shared/domain-edc';

import { ImportBatchStore } from '../import-batch-store';
import { recomputeAfterImportJobId } from '../import-job-ids';
import { FinalDaysGuard, PreliminaryOverFinalError } from './final-days';
import { storeDays } from './import-days';
import {
  chunksOf,
  countOutsideValidity,
  finishBatch,
  ImportRejectedError,
  type ImportSummary,
  issueOf,
  MAX_PROBLEMS,
  type OutsideValidity,
  registeredByEan,
  rejectHeaderProblems,
  reportKindOf,
  storableIssue,
} from './import-common';
import { PairImport } from './pair-import';

export { ImportRejectedError } from './import-common';

export interface ImportOutcome {
  readonly status: 'done' | 'failed' | 'superseded' | 'missing';
  readonly error?: ImportIssue;
}

/** How the BullMQ job looks to the runner; absent when a script runs an import directly. */
export interface ImportAttempt {
  readonly attemptsMade: number;
  readonly maxAttempts: number;
}

/**
 * The import job: streams the stored file through the EDC reader, checks it against the registry and replaces
 * the readings of the file's days for the points of its sharing groups, all in ONE transaction, so a refused
 * file or a killed worker leaves the stored data exactly as before, and a retry starts from scratch. The file's
 * header says which report it is: a pair report goes to PairImport, with the same transaction and history rules.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger('ImportRunner');

  constructor(
    private readonly db: TenantDatabase,
    private readonly jobs: JobProducer,
    private readonly pairs: PairImport,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  async run(communityId: string, batchId: string, attempt?: ImportAttempt): Promise<ImportOutcome> {
    const batch = await this.db.run(communityId, (tx) => tx.store(ImportBatchStore).find(batchId));
    if (batch === null) return { status: 'missing' };
    switch (batch.status) {
      case 'done':
        // A retry after the commit but before the recompute was enqueued: the ids are deterministic, so
        // enqueueing again is harmless and makes sure it happens.
        if (batch.periodFrom !== null && batch.periodTo !== null)
          await this.enqueueRecompute(communityId, batchId, batch.periodFrom, batch.periodTo);
        return { status: 'done' };
      case 'failed':
      case 'superseded':
        return { status: batch.status };
      case 'queued':
      case 'running':
        break;
    }
    await this.db.run(communityId, (tx) => tx.store(ImportBatchStore).start(batchId));
    try {
      const kind = await reportKindOf(batch.storedPath);
      const summary = await this.importOnce(batch, kind, batch.requestedCalculation ?? undefined).catch(
        (error: unknown) => {
          // Inferred as preliminary after storing over final days: roll back and import it as daily.
          if (error instanceof PreliminaryOverFinalError) return this.importOnce(batch, kind, 'daily');
          throw error;
        },
      );
      await this.enqueueRecompute(communityId, batchId, summary.from, summary.to);
      this.logger.log(`Import ${batchId} of community ${communityId} done: ${summary.from}..${summary.to}`);
      return { status: 'done' };
    } catch (error) {
      const problems = this.userProblems(error);
      if (problems !== undefined) {
        await this.markFailed(batch, problems);
        return { status: 'failed', error: problems[0] as ImportIssue };
      }
      if (attempt === undefined || attempt.attemptsMade + 1 >= attempt.maxAttempts) {
        // The last try: record it, so the history does not show "running" for ever.
        await this.markFailed(batch, [
          {
            message: `The import could not be completed (${error instanceof Error ? error.message : String(error)}); nothing was changed, upload the file again`,
            code: 'IMPORT_NOT_COMPLETED',
            params: { reason: error instanceof Error ? error.message : String(error) },
          },
        ]);
      }
      throw error;
    }
  }

  /** A fault of the file or of the registry: every problem found, in file order; undefined for anything else. */
  private userProblems(error: unknown): ImportIssue[] | undefined {
    if (error instanceof EdcFormatError) return error.issues.map(issueOf);
    if (error instanceof ImportRejectedError && error.issues.length > 0) return [...error.issues];
    return undefined;
  }

  /**
   * The one place an import's failure is recorded. The text is made storable first; should the update still be
   * refused, a plain message is recorded instead, so a failed import never stays `running`.
   */
  private async markFailed(batch: ImportBatchEntity, problems: readonly ImportIssue[]): Promise<void> {
    const { communityId, id: batchId } = batch;
    const record = (error: ImportIssue, kept: readonly ImportIssue[]) =>
      this.db.run(communityId, async (tx) => {
        await tx.store(ImportBatchStore).markFailed(batchId, error, kept);
        await this.audit.recordIn(tx, {
          actorUserId: batch.uploadedBy,
          action: 'fail',
          entity: 'import',
          entityId: batchId,
          before: { status: batch.status },
          after: { status: 'failed', fileName: batch.fileName, error },
        });
      });
    try {
      const kept = problems.slice(0, MAX_PROBLEMS).map(storableIssue);
      await record(kept[0] as ImportIssue, kept);
    } catch (error) {
      this.logger.error(
        `Import ${batchId} of community ${communityId}: its error could not be recorded (${error instanceof Error ? error.message : String(error)})`,
      );
      await record(
        {
          message:
            'The import failed and its error could not be recorded; nothing was changed, check the file',
          code: 'ERROR_NOT_RECORDED',
        },
        [],
      );
    }
  }

  private async enqueueRecompute(
    communityId: string,
    batchId: string,
    from: string,
    to: string,
  ): Promise<void> {
    await this.jobs.enqueue(
      'sharing.recompute',
      { communityId, from, to, reason: 'import' },
      recomputeAfterImportJobId(communityId, batchId),
    );
  }

  /** One try of the whole import in one transaction. */
  private importOnce(
    batch: ImportBatchEntity,
    kind: ImportKind,
    calculation: EdcCalculation | undefined,
  ): Promise<ImportSummary> {
    return this.db.run(batch.communityId, (tx) =>
      kind === 'pair'
        ? this.pairs.importInTransaction(tx, batch, calculation, (progress) =>
            this.reportProgress(batch.communityId, batch.id, progress),
          )
        : this.importInTransaction(tx, batch, calculation),
    );
  }

  private async importInTransaction(
    tx: TenantTransaction,
    batch: ImportBatchEntity,
    calculation: EdcCalculation | undefined,
  ): Promise<ImportSummary> {
    const { communityId } = batch;
    await tx.store(ReadingsStore).lockCommunity();
    const registered = await tx.store(RegistryReader).points();
    const fileSize = Number(batch.fileSize);
    let bytesRead = 0;
    const reader = await openEdcStandardExport(
      chunksOf(batch.storedPath, (bytes) => (bytesRead += bytes)),
      { file: batch.fileName, outChecks: 'error', maxKwhPerInterval: this.config.edcMaxKwhPerInterval },
    );
    const problems: ImportIssue[] = [];
    const candidates = this.matchRegistry(reader.points, reader.columns, registered, problems);
    if (problems.length > 0) await rejectWithFirstDay(problems, reader.days());
    const groups = [...new Set(candidates.flat().map((point) => point.sharingGroupId))].sort();
    const groupPointIds = registered
      .filter((point) => groups.includes(point.sharingGroupId))
      .map((point) => point.id);
    const outsideValidity: OutsideValidity = new Map();

    const { from, to, days, intervals, values, guard, storedDays } = await storeDays({
      days: reader.days(),
      groups,
      fileName: batch.fileName,
      noRows: 'The file has a header but no data rows; expected at least one day of 15-minute rows',
      guardFrom: async (first) =>
        new FinalDaysGuard(
          calculation,
          await tx.store(EdcDaysStore).load('standard', groups, first, '9999-12-31'),
        ),
      skippedGroups: (guard, day) => guard.skippedGroups(day.date, groups, notEvaluated(day)),
      storeDay: async (day, skipped) => {
        const rows = this.rowsOfDay(day, candidates, outsideValidity, skipped);
        await tx
          .store(ReadingsStore)
          .deleteDays(
            skipped.size === 0
              ? groupPointIds
              : registered
                  .filter(
                    (point) => groups.includes(point.sharingGroupId) && !skipped.has(point.sharingGroupId),
                  )
                  .map((point) => point.id),
            day.date,
            day.date,
            [SERIES.measured, SERIES.edcShared, SERIES.computedShared],
          );
        await tx.store(ReadingsStore).insert(rows);
        return rows.reduce((sum, row) => sum + countPresent(row), 0);
      },
      progress: () => (fileSize > 0 ? bytesRead / fileSize : undefined),
      // Its own short transaction: the import's transaction is invisible to others until it commits.
      reportProgress: (progress) => this.reportProgress(communityId, batch.id, progress),
    });

    const decided = guard.finish(from, to);
    await tx.store(EdcDaysStore).mark('standard', batch.id, decided, storedDays);
    const names = await tx.store(RegistryReader).sharingGroupNames();

    const warnings: ImportIssue[] = reader.issues
      .filter((issue) => issue.severity === 'warning')
      .map(issueOf);
    for (const [p, gap] of outsideValidity) {
      const point = reader.points[p] as EdcPoint;
      warnings.push({
        message: `${point.ean} has values in ${gap.count} intervals outside its registered validity; they were not stored`,
        code: 'OUTSIDE_VALIDITY',
        params: { ean: point.ean, count: gap.count },
        file: batch.fileName,
        line: gap.firstLine,
        column: reader.columns[p]?.in ?? 0,
        ean: point.ean,
      });
    }

    warnings.push(...guard.warnings(batch.fileName, (id) => names.get(id) ?? id));

    // Derived data of these days is stale now; the recompute job enqueued after the commit rebuilds it.
    await tx.store(ReadingsStore).replaceDiscrepancies(groupPointIds, from, to, []);
    await tx.store(ReadingsStore).deleteGroupDays(groups, from, to);
    // The engine runs of these days ran over the values just replaced: one run per day and data version.
    await tx.store(SharingRunsStore).deleteDays(groups, from, to);
    // Until that recompute has run, the API says these months are stale (GET …/sharing/status); it clears them.
    await tx.store(PeriodChangeStore).markSharingStale({ from, to }, `import of ${batch.fileName}`, false);
    const summary = { from, to, groups };
    await finishBatch(tx, this.audit, batch, {
      kind: 'standard',
      calculation: decided,
      summary,
      pointCount: reader.points.length,
      dayCount: days,
      intervalCount: intervals,
      valueCount: values,
      warnings,
    });
    return summary;
  }

  private async reportProgress(communityId: string, batchId: string, progress: number): Promise<void> {
    await this.db.run(communityId, (tx) => tx.store(ImportBatchStore).reportProgress(batchId, progress));
  }

  /**
   * Each column of the file must be a registered point of this community with the same role as its -D/-O
   * suffix. Every problem is listed (not only the first), so one fix of the registry is enough.
   */
  private matchRegistry(
    points: readonly EdcPoint[],
    columns: readonly { readonly in: number; readonly out: number }[],
    registered: readonly RegisteredPoint[],
    problems: ImportIssue[],
  ): RegisteredPoint[][] {
    const byEan = registeredByEan(registered);
    const candidates = points.map((point, p) => {
      const column = columns[p]?.in ?? 0;
      const matches = byEan.get(point.ean) ?? [];
      if (matches.length === 0) {
        problems.push({
          message: `EAN ${point.ean} (${point.role}) is not a registered metering point of this community; register it before importing`,
          code: 'EAN_NOT_REGISTERED',
          params: { ean: point.ean, role: point.role },
          line: 1,
          column,
          ean: point.ean,
        });
      }
      const other = matches.find((match) => match.role !== point.role);
      if (other !== undefined) {
        problems.push({
          message: `EAN ${point.ean} is registered as ${other.role} but the file has it as ${point.role} (suffix -${point.role === 'production' ? 'D' : 'O'})`,
          code: 'ROLE_MISMATCH',
          params: { ean: point.ean, registered: other.role, file: point.role },
          line: 1,
          column,
          ean: point.ean,
        });
      }
      return matches;
    });
    return candidates;
  }

  /** Measured and EDC-shared rows of one day, as positive energy; points outside their validity are skipped. */
  private rowsOfDay(
    day: EdcDayBlock,
    candidates: readonly RegisteredPoint[][],
    outsideValidity: OutsideValidity,
    skippedGroups: ReadonlySet<string>,
  ): ReadingRow[] {
    const rows: ReadingRow[] = [];
    const count = day.intervalCount;
    candidates.forEach((matches, p) => {
      const column = pointColumn(day, p);
      const point = matches.find((match) => isValidOn(match, day.date));
      if (point === undefined) {
        let present = 0;
        for (let i = 0; i < count; i++) if (column.inPresent[i] === 1) present++;
        countOutsideValidity(outsideValidity, p, present, day.lineOfInterval[0] ?? 0);
        return;
      }
      // final values of this group's day stay; the warning says so
      if (skippedGroups.has(point.sharingGroupId)) return;
      const measured = emptyPackedDay(count);
      const shared = emptyPackedDay(count);
      let any = false;
      for (let i = 0; i < count; i++) {
        if (column.inPresent[i] !== 1) continue;
        any = true;
        const value = column.inValues[i] as number;
        measured.values[i] = measuredFromEdc(point.role, value);
        measured.present[i] = 1;
        if (column.outPresent[i] === 1) {
          shared.values[i] = sharedFromEdc(point.role, value, column.outValues[i] as number);
          shared.present[i] = 1;
        }
      }
      // A point without any value that day (joined mid-period) gets no row: "no data" is the absence of a row.
      if (!any) return;
      rows.push({ pointId: point.id, day: day.date, series: SERIES.measured, data: measured });
      rows.push({ pointId: point.id, day: day.date, series: SERIES.edcShared, data: shared });
    });
    return rows;
  }
}

/**
 * Refuses the file for its registry problems. An unregistered EAN gets the file's first day (`firstDay`), the
 * natural start of its validity when the administrator registers it from the import's page; a first day that
 * cannot be read leaves it out (the problems of the header are what the import reports).
 */
async function rejectWithFirstDay(
  problems: readonly ImportIssue[],
  days: AsyncIterable<{ readonly date: string }>,
): Promise<never> {
  let firstDay: string | undefined;
  if (problems.some((problem) => problem.code === 'EAN_NOT_REGISTERED')) {
    try {
      for await (const day of days) {
        firstDay = day.date;
        break;
      }
    } catch {
      firstDay = undefined;
    }
  }
  rejectHeaderProblems(
    problems.map((problem) =>
      problem.code === 'EAN_NOT_REGISTERED' && firstDay !== undefined
        ? { ...problem, params: { ...problem.params, firstDay } }
        : problem,
    ),
  );
  throw new Error('unreachable: rejectHeaderProblems throws for any problem');
}

function countPresent(row: ReadingRow): number {
  let present = 0;
  for (let i = 0; i < row.data.present.length; i++) present += row.data.present[i] as number;
  return present;
}

/** Intervals of a day with a measured value that EDC has not evaluated yet (OUT empty): a preliminary file. */
function notEvaluated(day: EdcDayBlock): number {
  let count = 0;
  for (let at = 0; at < day.inPresent.length; at++)
    if (day.inPresent[at] === 1 && day.outPresent[at] !== 1) count++;
  return count;
}
