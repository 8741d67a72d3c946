import { HttpErrorResponse } from '@angular/common/http';

/** The API's error body `{ error: { code, message, details } }` (contract.md §3), or what stands in for it. */
export interface ApiProblem {
  /** HTTP status; 0 when the server was not reached */
  readonly status: number;
  /** the API's string code, or `NETWORK` / `UNKNOWN` when there was no error body */
  readonly code: string;
  readonly message: string;
  /** texts from `details` worth showing (validation messages), in order */
  readonly details: readonly string[];
}

export function apiProblemOf(error: unknown): ApiProblem {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return { status: 0, code: 'NETWORK', message: '', details: [] };
    const body: unknown = error.error;
    const inner = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
    if (inner) {
      return {
        status: error.status,
        code: typeof inner['code'] === 'string' ? inner['code'] : 'UNKNOWN',
        message: typeof inner['message'] === 'string' ? inner['message'] : '',
        details: detailTexts(inner['details']),
      };
    }
    return {
      status: error.status,
      code: error.status === 404 ? 'NOT_FOUND' : 'UNKNOWN',
      message: '',
      details: [],
    };
  }
  return { status: -1, code: 'UNKNOWN', message: error instanceof Error ? error.message : '', details: [] };
}

export function isNotFound(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 404;
}

function detailTexts(details: unknown): string[] {
  if (typeof details === 'string') return [details];
  if (Array.isArray(details)) return details.flatMap((item) => detailTexts(item));
  if (isRecord(details)) {
    const message = details['message'];
    const where = details['path'] ?? details['field'] ?? details['property'] ?? details['line'];
    if (typeof message === 'string') {
      return [where === undefined ? message : `${String(where)}: ${message}`];
    }
    return Object.entries(details).flatMap(([key, value]) =>
      detailTexts(value).map((text) => (Array.isArray(details) ? text : `${key}: ${text}`)),
    );
  }
  return [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
