import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const SHARING_ERRORS = {
  400: ['PERIOD_INVALID', 'SIMULATION_KEY_INVALID', 'KEY_ADVICE_INVALID'],
  404: ['EAN_NOT_FOUND', 'KEY_ADVICE_NOT_FOUND'],
} as const satisfies ErrorStatuses;

export type SharingErrorCode = ErrorCodeOf<typeof SHARING_ERRORS>;

export class SharingException extends moduleException(SHARING_ERRORS) {}
