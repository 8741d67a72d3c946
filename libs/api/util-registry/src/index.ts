export { CsvFormatError, parseCsv } from './csv';
export type { CsvRow } from './csv';
export { IdParamPipe } from './id-param.pipe';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageMetaDto, PageQueryDto, pageRequest } from './pagination';
export type { Page, PageRequest } from './pagination';
export { pragueToday } from './today';
export { IsEan, IsIco, isLocalDate, IsLocalDate, isValidIco } from './validators';
