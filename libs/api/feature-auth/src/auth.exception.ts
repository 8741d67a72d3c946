import { ApiException } from '@sdilna/api/util-http';

export type AuthErrorCode =
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'REFRESH_TOKEN_INVALID'
  | 'REFRESH_TOKEN_REUSED'
  | 'EMAIL_TAKEN'
  | 'INVITATION_INVALID'
  | 'RESET_TOKEN_INVALID'
  | 'TOO_MANY_ATTEMPTS';

function statusOf(code: AuthErrorCode): number {
  switch (code) {
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
    case 'REFRESH_TOKEN_INVALID':
    case 'REFRESH_TOKEN_REUSED':
      return 401;
    case 'EMAIL_TAKEN':
      return 409;
    case 'INVITATION_INVALID':
      return 404;
    case 'RESET_TOKEN_INVALID':
      return 400;
    case 'TOO_MANY_ATTEMPTS':
      return 429;
  }
}

export class AuthException extends ApiException {
  readonly status: number;

  constructor(code: AuthErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
