/** The stable error body of the HTTP contract (contract.md section 3). */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Base of every module's exception: a string code the filter maps to an HTTP status. Each feature
 * declares its own subclass with its own codes (house style: one exception class per module).
 */
export abstract class ApiException extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The HTTP statuses a module's error may answer, each with the module's codes that answer it. */
export type ErrorStatuses = Readonly<
  Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503, readonly string[]>>
>;

/** The codes of an `ErrorStatuses` table. */
export type ErrorCodeOf<T extends ErrorStatuses> = {
  [Status in keyof T]-?: T[Status] extends readonly (infer Code extends string)[] ? Code : never;
}[keyof T];

/**
 * A module's exception class from its table of statuses and codes: the constructor takes only the table's codes,
 * and the status is the one the code is listed under. One table per module keeps the code → status mapping in one
 * place instead of a switch per module; a code listed under two statuses is a mistake and fails at load.
 */
export function moduleException<T extends ErrorStatuses>(statuses: T) {
  const statusOf = new Map<string, number>();
  for (const [status, codes] of Object.entries(statuses) as [string, readonly string[]][]) {
    for (const code of codes) {
      if (statusOf.has(code)) throw new Error(`Error code ${code} is listed under two statuses`);
      statusOf.set(code, Number(status));
    }
  }
  return class ModuleException extends ApiException {
    readonly status: number;

    constructor(code: ErrorCodeOf<T>, message: string, details?: unknown) {
      super(code, message, details);
      this.status = statusOf.get(code) ?? 500;
    }
  };
}
