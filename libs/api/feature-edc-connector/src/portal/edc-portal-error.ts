/**
 * Why a conversation with the EDC portal failed, in words for an administrator. The message never carries a
 * password, a token, a cookie or an authorisation code: only what went wrong and where.
 *
 * - `credentials`: the portal refused the username or password (retrying does not help);
 * - `shape`: the portal answered something the connector does not understand (EDC changed it; retrying does not help);
 * - `unavailable`: no answer, a timeout or a 5xx (retried with backoff);
 * - `report-failed`: EDC ended a requested report in its ERROR state (retried);
 * - `report-timeout`: a requested report did not finish within the limit (retried).
 */
export type EdcPortalErrorKind = 'credentials' | 'shape' | 'unavailable' | 'report-failed' | 'report-timeout';

export class EdcPortalError extends Error {
  constructor(
    readonly kind: EdcPortalErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'EdcPortalError';
  }

  /** Worth another attempt later (the portal may be back); a refused password or a changed API is not. */
  get retryable(): boolean {
    switch (this.kind) {
      case 'credentials':
      case 'shape':
        return false;
      case 'unavailable':
      case 'report-failed':
      case 'report-timeout':
        return true;
    }
  }
}

export function unexpectedShape(where: string, expected: string): EdcPortalError {
  return new EdcPortalError(
    'shape',
    `The EDC portal answered an unexpected shape at ${where} (expected ${expected}); EDC may have changed its portal, the connector needs an update`,
  );
}
