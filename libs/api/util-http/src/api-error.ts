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
