import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const SHARING_ERRORS = {
  400: ['PERIOD_INVALID', 'SIMULATION_KEY_INVALID'],
  404: ['EAN_NOT_FOUND'],
} as const satisfies ErrorStatuses;

export type SharingErrorCode = ErrorCodeOf<typeof SHARING_ERRORS>;

export class SharingException extends moduleException(SHARING_ERRORS) {}
