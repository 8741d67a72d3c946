export { ImportBatchEntity, IMPORT_STATUSES } from './entities/import-batch.entity';
export type {
  ImportCalculation,
  ImportIssue,
  ImportKind,
  ImportSource,
  ImportStatus,
} from './entities/import-batch.entity';
export {
  decodePackedDay,
  EMPTY_CELL,
  emptyPackedDay,
  encodeLegacyPackedDayBuffer,
  encodePackedDayBuffer,
  totalsOf,
} from './packed-day';
export type { PackedDay } from './packed-day';
export { GROUP_SOURCE, SERIES } from './reading-series';
export type { SeriesCode, SharingSource } from './reading-series';
export { OneStatementReads } from './one-statement-reads';
export type { OneStatementAnswer } from './one-statement-reads';
export { ReadingsDataModule } from './readings-data.module';
export { ReadingsStore } from './readings-store';
export type {
  DiscrepancyFilter,
  DiscrepancyPage,
  DiscrepancyRow,
  GroupDayTotals,
  GroupPeriodTotals,
  PointDayTotals,
  ReadingMonthRow,
  ReadingQuery,
  ReadingRow,
  ReadingTotalRow,
} from './readings-store';
// the registry reader moved to its owner, data-access-registry; re-exported for the read model's callers
export { GroupRounds, isValidOn, RegistryReader } from '@sdilna/api/data-access-registry';
export type { RegisteredKeyVersion, RegisteredPoint } from '@sdilna/api/data-access-registry';
export { EDC_REPORT, EdcDaysStore } from './edc-days-store';
export type { EdcDayRow } from './edc-days-store';
export { PairReadingsStore } from './pair-readings-store';
export type { PairDiscrepancyRow, PairReadingRow } from './pair-readings-store';
export { runPoints, SharingRunsStore } from './sharing-runs-store';
export type { EnginePairRow, SharingRun } from './sharing-runs-store';
export { DataCompleteness, dayCompleteness } from './data-completeness';
export type { DayCompleteness, PointCompleteness } from './data-completeness';
