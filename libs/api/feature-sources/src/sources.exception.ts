import { ApiException } from '@sdilna/api/util-http';

export type SourcesErrorCode =
  | 'SOURCE_NOT_FOUND'
  | 'SOURCE_POINT_NOT_FOUND'
  | 'SOURCE_POINT_NOT_PRODUCTION'
  | 'RENEWABLE_COMMUNITY_REFUSES_NON_RENEWABLE_SOURCE'
  | 'INVALID_INSTALLED_POWER';

function statusOf(code: SourcesErrorCode): number {
  switch (code) {
    case 'SOURCE_NOT_FOUND':
    case 'SOURCE_POINT_NOT_FOUND':
      return 404;
    case 'INVALID_INSTALLED_POWER':
      return 400;
    case 'SOURCE_POINT_NOT_PRODUCTION':
    case 'RENEWABLE_COMMUNITY_REFUSES_NON_RENEWABLE_SOURCE':
      return 422;
  }
}

export class SourcesException extends ApiException {
  readonly status: number;

  constructor(code: SourcesErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
