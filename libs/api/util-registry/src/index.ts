export { CsvFormatError, parseCsv } from './csv';
export type { CsvRow } from './csv';
export { IdParamPipe, LocalDateParamPipe } from './id-param.pipe';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageMetaDto, PageQueryDto, pageRequest } from './pagination';
export type { Page, PageRequest } from './pagination';
export { pragueToday } from './today';
export {
  FIRST_LOCAL_DATE,
  IsDic,
  IsEan,
  IsIco,
  isLocalDate,
  IsLocalDate,
  isLocalMonth,
  IsLocalMonth,
  isValidIco,
} from './validators';
export { CsvImportRoute, CsvUpload, CsvUploadError, MAX_CSV_BYTES, readCsvUpload } from './csv-upload';
export { ImportReport, ImportRowProblem, ImportRowResult } from './import-report';
export { definedOnly } from './defined-only';
export { ClosePeriodDto } from './close-period.dto';
export { type CommunityCaller, InCommunity } from './community-caller.decorator';
