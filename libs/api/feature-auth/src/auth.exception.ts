import { ApiException } from '@sdilna/api/util-http';

export type AuthErrorCode =
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'REFRESH_TOKEN_INVALID'
  | 'REFRESH_TOKEN_REUSED'
  | 'EMAIL_TAKEN'
  | 'INVITATION_INVALID'
  | 'RESET_TOKEN_INVALID'
  | 'TOO_MANY_ATTEMPTS'
  | 'TWO_FACTOR_REQUIRED'
  | 'TWO_FACTOR_CODE_INVALID'
  | 'TWO_FACTOR_CHALLENGE_INVALID'
  | 'TWO_FACTOR_ALREADY_ENABLED'
  | 'TWO_FACTOR_NOT_ENABLED'
  | 'SESSION_NOT_FOUND';

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
    case 'TWO_FACTOR_CODE_INVALID':
    case 'TWO_FACTOR_CHALLENGE_INVALID':
      return 401;
    case 'TWO_FACTOR_REQUIRED':
      return 403;
    case 'SESSION_NOT_FOUND':
      return 404;
    case 'TWO_FACTOR_ALREADY_ENABLED':
    case 'TWO_FACTOR_NOT_ENABLED':
      return 409;
  }
}

export class AuthException extends ApiException {
  readonly status: number;

  constructor(code: AuthErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
