export * from './byte-source';
export * from './edc-issue';
export * from './edc-point';
export * from './pair-report-reader';
export * from './standard-day-block';
export * from './standard-export-reader';
export * from './standard-export-writer';
export type { EdcParseOptions } from './edc-table-parser';
export type { EdcEncoding } from './text-decoding';
