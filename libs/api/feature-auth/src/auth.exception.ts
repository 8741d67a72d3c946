import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const AUTH_ERRORS = {
  400: ['RESET_TOKEN_INVALID'],
  401: [
    'UNAUTHENTICATED',
    'INVALID_CREDENTIALS',
    'PASSWORD_INVALID',
    'REFRESH_TOKEN_INVALID',
    'REFRESH_TOKEN_REUSED',
    'TWO_FACTOR_CODE_INVALID',
    'TWO_FACTOR_CHALLENGE_INVALID',
  ],
  403: ['TWO_FACTOR_REQUIRED'],
  404: ['INVITATION_INVALID', 'SESSION_NOT_FOUND'],
  409: [
    'EMAIL_TAKEN',
    'TWO_FACTOR_ALREADY_ENABLED',
    'TWO_FACTOR_NOT_ENABLED',
    'TWO_FACTOR_REQUIRED_BY_COMMUNITY',
  ],
  429: ['TOO_MANY_ATTEMPTS'],
} as const satisfies ErrorStatuses;

export type AuthErrorCode = ErrorCodeOf<typeof AUTH_ERRORS>;

export class AuthException extends moduleException(AUTH_ERRORS) {}
