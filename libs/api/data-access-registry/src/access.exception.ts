import { ApiException } from '@sdilna/api/util-http';

export type AccessErrorCode = 'COMMUNITY_NOT_FOUND' | 'ROLE_FORBIDDEN';

function statusOf(code: AccessErrorCode): number {
  switch (code) {
    case 'COMMUNITY_NOT_FOUND':
      return 404;
    case 'ROLE_FORBIDDEN':
      return 403;
  }
}

export class AccessException extends ApiException {
  readonly status: number;

  constructor(code: AccessErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
