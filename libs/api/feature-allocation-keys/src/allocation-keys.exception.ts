import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const ALLOCATION_KEYS_ERRORS = {
  404: ['KEY_NOT_FOUND', 'SHARING_GROUP_NOT_FOUND'],
  409: ['KEY_PERIOD_OVERLAP', 'KEY_METHOD_CONTRADICTS_ITERATION'],
  422: [
    'SHARING_GROUP_REQUIRED',
    'INVALID_KEY_FILE',
    'PRODUCER_SHARE_OVER_100',
    'TOO_MANY_PRODUCERS_PER_CONSUMER',
    'KEY_ROUNDS_NOT_EDC',
    'GROUP_NEEDS_PRODUCTION_POINT',
    'KEY_POINT_NOT_IN_GROUP',
    'INVALID_PERIOD',
  ],
} as const satisfies ErrorStatuses;

export type AllocationKeysErrorCode = ErrorCodeOf<typeof ALLOCATION_KEYS_ERRORS>;

export class AllocationKeysException extends moduleException(ALLOCATION_KEYS_ERRORS) {}
