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
  /** scalar values of `details` (`{ limit: 100 }`), the placeholders of the code's translated text */
  readonly params?: Readonly<Record<string, string | number>>;
  /** `details.parties` of DOCUMENT_PARTIES_INCOMPLETE: who lacks what, as problem codes the portal words */
  readonly parties?: readonly PartyProblemDetail[];
}

/** One party of a document that lacks something (`problems`: `address-missing`, `ico-missing`…). */
export interface PartyProblemDetail {
  readonly name: string;
  readonly problems: readonly string[];
}

export function apiProblemOf(error: unknown): ApiProblem {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return { status: 0, code: 'NETWORK', message: '', details: [] };
    const body: unknown = error.error;
    const inner = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
    if (inner) {
      const parties = partiesOf(inner['details']);
      return {
        status: error.status,
        code: typeof inner['code'] === 'string' ? inner['code'] : 'UNKNOWN',
        message: typeof inner['message'] === 'string' ? inner['message'] : '',
        // parties are worded by the portal (describeError), not shown as raw fields
        details: parties ? [] : detailTexts(scalarFree(inner['details'])),
        params: scalarsOf(inner['details']),
        ...(parties ? { parties } : {}),
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

function partiesOf(details: unknown): PartyProblemDetail[] | undefined {
  if (!isRecord(details) || !Array.isArray(details['parties'])) return undefined;
  const parties = (details['parties'] as unknown[]).filter(
    (party): party is { name: string; problems: string[] } =>
      isRecord(party) &&
      typeof party['name'] === 'string' &&
      Array.isArray(party['problems']) &&
      party['problems'].every((problem) => typeof problem === 'string'),
  );
  return parties.length > 0 ? parties.map(({ name, problems }) => ({ name, problems })) : undefined;
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

/** `details` without its scalar entries: those become `params`, the rest (lists of issues) stays as text. */
function scalarFree(details: unknown): unknown {
  if (!isRecord(details) || typeof details['message'] === 'string') return details;
  return Object.fromEntries(Object.entries(details).filter(([, value]) => !isScalar(value)));
}

function scalarsOf(details: unknown): Record<string, string | number> {
  if (!isRecord(details)) return {};
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(details)) if (isScalar(value)) params[key] = value;
  return params;
}

function isScalar(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
