import { ApiException } from '@sdilna/api/util-http';

export type AllocationKeysErrorCode =
  | 'KEY_NOT_FOUND'
  | 'SHARING_GROUP_NOT_FOUND'
  | 'SHARING_GROUP_REQUIRED'
  | 'INVALID_KEY_FILE'
  | 'PRODUCER_SHARE_OVER_100'
  | 'TOO_MANY_PRODUCERS_PER_CONSUMER'
  | 'KEY_ROUNDS_NOT_EDC'
  | 'KEY_METHOD_CONTRADICTS_ITERATION'
  | 'GROUP_NEEDS_PRODUCTION_POINT'
  | 'KEY_POINT_NOT_IN_GROUP'
  | 'KEY_PERIOD_OVERLAP'
  | 'INVALID_PERIOD';

function statusOf(code: AllocationKeysErrorCode): number {
  switch (code) {
    case 'KEY_NOT_FOUND':
    case 'SHARING_GROUP_NOT_FOUND':
      return 404;
    case 'KEY_PERIOD_OVERLAP':
    case 'KEY_METHOD_CONTRADICTS_ITERATION':
      return 409;
    case 'SHARING_GROUP_REQUIRED':
    case 'INVALID_KEY_FILE':
    case 'PRODUCER_SHARE_OVER_100':
    case 'TOO_MANY_PRODUCERS_PER_CONSUMER':
    case 'KEY_ROUNDS_NOT_EDC':
    case 'GROUP_NEEDS_PRODUCTION_POINT':
    case 'KEY_POINT_NOT_IN_GROUP':
    case 'INVALID_PERIOD':
      return 422;
  }
}

export class AllocationKeysException extends ApiException {
  readonly status: number;

  constructor(code: AllocationKeysErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
