import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

/** UNAUTHENTICATED: the session ended (checked with the access, see `CommunityAccess.fromRow`). */
const ACCESS_ERRORS = {
  401: ['UNAUTHENTICATED'],
  403: ['ROLE_FORBIDDEN'],
  404: ['COMMUNITY_NOT_FOUND'],
} as const satisfies ErrorStatuses;

export type AccessErrorCode = ErrorCodeOf<typeof ACCESS_ERRORS>;

export class AccessException extends moduleException(ACCESS_ERRORS) {}
