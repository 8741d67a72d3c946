import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { PeriodChangeStore } from '@sdilna/api/data-access-registry';
import {
  EdcDaysStore,
  emptyPackedDay,
  isValidOn,
  PairReadingsStore,
  ReadingsStore,
  RegistryReader,
  type ImportBatchEntity,
  type ImportIssue,
  type PairReadingRow,
  type RegisteredPoint,
} from '@sdilna/api/data-access-readings';
import { AuditLog } from '@sdilna/api/data-access-registry';
import { AppConfig } from '@sdilna/api/util-config';
import {
  openEdcPairReport,
  type EdcCalculation,
  type EdcPair,
  type EdcPairDayBlock,
} from '@sdilna/shared/domain-edc';

import { FinalDaysGuard } from './final-days';
import { storeDays } from './import-days';
import {
  chunksOf,
  countOutsideValidity,
  finishBatch,
  issueOf,
  type ImportSummary,
  type OutsideValidity,
  registeredByEan,
  rejectHeaderProblems,
} from './import-common';

/** A pair of the file matched to the registry: the producer's and the consumer's registered rows. */
interface MatchedPair {
  readonly pair: EdcPair;
  readonly column: number;
  readonly producers: readonly RegisteredPoint[];
  readonly consumers: readonly RegisteredPoint[];
}

/**
 * The import of EDC's pair report (shared kWh per producer → consumer and interval) inside the import job's
 * transaction: the same rules as the standard export (registry check with every problem listed, values outside a
 * point's validity not stored, a day's pairs of the file's groups replaced, preliminary never over final), stored
 * per pair and day in `pair_readings`.
 */
@Injectable()
export class PairImport {
  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  async importInTransaction(
    tx: TenantTransaction,
    batch: ImportBatchEntity,
    calculation: EdcCalculation | undefined,
    reportProgress: (progress: number) => Promise<void>,
  ): Promise<ImportSummary> {
    await tx.store(ReadingsStore).lockCommunity();
    const registered = await tx.store(RegistryReader).points();
    const fileSize = Number(batch.fileSize);
    let bytesRead = 0;
    const report = await openEdcPairReport(
      chunksOf(batch.storedPath, (bytes) => (bytesRead += bytes)),
      { file: batch.fileName, maxKwhPerInterval: this.config.edcMaxKwhPerInterval },
    );
    const matched = this.matchRegistry(report.pairs, registered);
    const groups = [
      ...new Set(matched.flatMap((entry) => entry.consumers.map((point) => point.sharingGroupId))),
    ].sort();
    const consumersOfGroup = (skipped: ReadonlySet<string>) =>
      registered
        .filter(
          (point) =>
            point.role === 'consumption' &&
            groups.includes(point.sharingGroupId) &&
            !skipped.has(point.sharingGroupId),
        )
        .map((point) => point.id);
    const outsideValidity: OutsideValidity = new Map();

    const { from, to, days, intervals, values, guard, storedDays } = await storeDays({
      days: report.days(),
      groups,
      fileName: batch.fileName,
      noRows: 'The pair report has a header but no data rows; expected at least one day of 15-minute rows',
      guardFrom: async (first) =>
        new FinalDaysGuard(
          calculation,
          await tx.store(EdcDaysStore).load('pair', groups, first, '9999-12-31'),
        ),
      skippedGroups: (guard, day) => guard.skippedGroups(day.date, groups),
      storeDay: async (day, skipped) => {
        const rows = this.rowsOfDay(day, matched, outsideValidity, skipped);
        await tx.store(PairReadingsStore).deleteDays(consumersOfGroup(skipped), day.date, day.date);
        await tx.store(PairReadingsStore).insert(rows);
        let stored = 0;
        for (const row of rows) for (const flag of row.data.present) stored += flag;
        return stored;
      },
      progress: () => (fileSize > 0 ? bytesRead / fileSize : undefined),
      reportProgress,
    });
    const decided = guard.finish(from, to);
    await tx.store(EdcDaysStore).mark('pair', batch.id, decided, storedDays);
    const names = await tx.store(RegistryReader).sharingGroupNames();
    const warnings: ImportIssue[] = report.issues
      .filter((issue) => issue.severity === 'warning')
      .map(issueOf);
    for (const [q, gap] of outsideValidity) {
      const entry = matched[q] as MatchedPair;
      warnings.push({
        message: `pair ${entry.pair.producer}-${entry.pair.consumer} has values in ${gap.count} intervals on days when the producer or the consumer is not registered as valid; they were not stored`,
        code: 'PAIR_OUTSIDE_VALIDITY',
        params: { pair: `${entry.pair.producer}-${entry.pair.consumer}`, count: gap.count },
        file: batch.fileName,
        line: gap.firstLine,
        column: entry.column,
        ean: entry.pair.consumer,
      });
    }
    warnings.push(...guard.warnings(batch.fileName, (id) => names.get(id) ?? id));
    // The reconciliation of pairs of these days is stale now; the recompute after the commit rebuilds it.
    await tx.store(PairReadingsStore).replaceDiscrepancies(consumersOfGroup(new Set()), from, to, []);
    await tx.store(PeriodChangeStore).markSharingStale({ from, to }, `import of ${batch.fileName}`, false);
    const summary = { from, to, groups };
    await finishBatch(tx, this.audit, batch, {
      kind: 'pair',
      calculation: decided,
      summary,
      pointCount: new Set(report.pairs.flatMap((pair) => [pair.producer, pair.consumer])).size,
      dayCount: days,
      intervalCount: intervals,
      valueCount: values,
      warnings,
    });
    return summary;
  }

  /**
   * Each pair must name a registered production point and a registered consumption point of the same sharing
   * group. Every problem is listed, so one fix of the registry is enough.
   */
  private matchRegistry(pairs: readonly EdcPair[], registered: readonly RegisteredPoint[]): MatchedPair[] {
    const byEan = registeredByEan(registered);
    const problems: ImportIssue[] = [];
    const matched = pairs.map((pair, q) => {
      const column = q + 4;
      const name = `${pair.producer}-${pair.consumer}`;
      const producers = byEan.get(pair.producer) ?? [];
      const consumers = byEan.get(pair.consumer) ?? [];
      for (const [ean, rows, role] of [
        [pair.producer, producers, 'production'],
        [pair.consumer, consumers, 'consumption'],
      ] as const) {
        if (rows.length === 0) {
          problems.push({
            message: `pair ${name}: EAN ${ean} is not a registered metering point of this community; register it before importing`,
            code: 'PAIR_EAN_NOT_REGISTERED',
            params: { pair: name, ean, role },
            line: 1,
            column,
            ean,
          });
        } else if (rows.some((row) => row.role !== role)) {
          problems.push({
            message: `pair ${name}: EAN ${ean} is registered as ${role === 'production' ? 'consumption' : 'production'}; a pair column is <production EAN>-<consumption EAN>`,
            code: 'PAIR_ROLE_MISMATCH',
            params: { pair: name, ean, expected: role },
            line: 1,
            column,
            ean,
          });
        }
      }
      const producerGroups = new Set(producers.map((point) => point.sharingGroupId));
      if (
        producers.length > 0 &&
        consumers.length > 0 &&
        !consumers.some((point) => producerGroups.has(point.sharingGroupId))
      ) {
        problems.push({
          message: `pair ${name}: the producer and the consumer are registered in different sharing groups; EDC shares only within a group`,
          code: 'PAIR_GROUPS_DIFFER',
          params: { pair: name },
          line: 1,
          column,
          ean: pair.consumer,
        });
      }
      return { pair, column, producers, consumers };
    });
    rejectHeaderProblems(problems);
    return matched;
  }

  /** The pairs of one day whose producer and consumer are both valid that day and whose group is not skipped. */
  private rowsOfDay(
    day: EdcPairDayBlock,
    matched: readonly MatchedPair[],
    outsideValidity: OutsideValidity,
    skippedGroups: ReadonlySet<string>,
  ): PairReadingRow[] {
    const rows: PairReadingRow[] = [];
    const count = day.intervalCount;
    matched.forEach((entry, q) => {
      const producer = entry.producers.find((point) => isValidOn(point, day.date));
      const consumer = entry.consumers.find((point) => isValidOn(point, day.date));
      const offset = q * count;
      if (producer === undefined || consumer === undefined) {
        let present = 0;
        for (let i = 0; i < count; i++) present += day.present[offset + i] as number;
        countOutsideValidity(outsideValidity, q, present, day.lineOfInterval[0] ?? 0);
        return;
      }
      if (skippedGroups.has(consumer.sharingGroupId)) return;
      const data = emptyPackedDay(count);
      let any = false;
      for (let i = 0; i < count; i++) {
        if (day.present[offset + i] !== 1) continue;
        any = true;
        data.values[i] = day.shared[offset + i] as number;
        data.present[i] = 1;
      }
      // as in readings: a pair without any value that day gets no row
      if (any) rows.push({ producerPointId: producer.id, consumerPointId: consumer.id, day: day.date, data });
    });
    return rows;
  }
}
