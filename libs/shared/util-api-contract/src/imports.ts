import { EDC_ISSUE_CODES } from '@sdilna/shared/domain-edc/issues';

import type { EdcCalculation, ImportKind, ImportStatusValue } from './vocabulary';

/**
 * Every problem or warning an import records: the EDC reader's format problems (domain-edc's own list, through its
 * dependency-free `issues` entry) and the import's own checks against the registry.
 */
export const IMPORT_ISSUE_CODES = [
  ...EDC_ISSUE_CODES,
  // the import's checks against the registry and the stored data
  'NO_ROWS',
  'EAN_NOT_REGISTERED',
  'ROLE_MISMATCH',
  'OUTSIDE_VALIDITY',
  'PAIR_EAN_NOT_REGISTERED',
  'PAIR_ROLE_MISMATCH',
  'PAIR_GROUPS_DIFFER',
  'PAIR_OUTSIDE_VALIDITY',
  'FINAL_DAYS_KEPT',
  'IMPORT_NOT_COMPLETED',
  'ERROR_NOT_RECORDED',
] as const;
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

export interface ImportWarning {
  /** the English text, for logs and API readers; a client shows `code` with `params` in its language */
  readonly message: string;
  /** absent only on problems stored before codes existed */
  readonly code?: ImportIssueCode;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly ean?: string;
}

/** An EDC import: the 202 answer of the upload, one entry of the history, GET of one import. */
export interface ImportStatusResponse {
  readonly id: string;
  readonly status: ImportStatusValue;
  /** 0..1 */
  readonly progress?: number;
  readonly period?: { readonly from: string; readonly to: string } | null;
  readonly warnings?: readonly (string | ImportWarning)[];
  readonly error?: string | ImportWarning | null;
  /** a failed import's problems, the first 100 in file order (`error` is the first of them) */
  readonly problems?: readonly ImportWarning[];
  readonly fileName?: string;
  readonly createdAt?: string;
  readonly finishedAt?: string | null;
  readonly duplicate?: boolean;
  readonly counts?: { readonly points: number; readonly days: number; readonly intervals: number } | null;
  /** which EDC report: the standard per-EAN export or the pair report */
  readonly kind?: ImportKind;
  /** EDC's calculation: daily values are preliminary, monthly ones final */
  readonly calculation?: EdcCalculation | null;
}
