import { HttpErrorResponse } from '@angular/common/http';

import { apiProblemOf } from '@sdilna/portal/util-i18n';

/** Why the API refused a mailed link (its error's `details.reason`); `invalid` when it does not say. */
export type LinkRefusal = 'invalid' | 'used' | 'expired' | 'revoked';

/** The refusal of a mailed link by `code` (INVITATION_INVALID, RESET_TOKEN_INVALID), else undefined. */
export function linkRefusalOf(error: unknown, code: string): LinkRefusal | undefined {
  if (apiProblemOf(error).code !== code || !(error instanceof HttpErrorResponse)) return undefined;
  const body: unknown = error.error;
  const details =
    typeof body === 'object' && body !== null && 'error' in body
      ? (body as { error?: { details?: { reason?: unknown } } }).error?.details
      : undefined;
  const reason = details?.reason;
  return reason === 'used' || reason === 'expired' || reason === 'revoked' ? reason : 'invalid';
}
