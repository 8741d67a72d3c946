import { ApiException } from '@sdilna/api/util-http';

/** UNAUTHENTICATED: the session ended (checked with the access, see `CommunityAccess.fromRow`). */
export type AccessErrorCode = 'COMMUNITY_NOT_FOUND' | 'ROLE_FORBIDDEN' | 'UNAUTHENTICATED';

function statusOf(code: AccessErrorCode): number {
  switch (code) {
    case 'COMMUNITY_NOT_FOUND':
      return 404;
    case 'ROLE_FORBIDDEN':
      return 403;
    case 'UNAUTHENTICATED':
      return 401;
  }
}

export class AccessException extends ApiException {
  readonly status: number;

  constructor(code: AccessErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
