import type { EdcCalculation, ImportKind, ImportStatusValue } from './vocabulary';

export interface ImportWarning {
  readonly message: string;
  readonly code?: string;
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
