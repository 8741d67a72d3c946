import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const METERING_POINTS_ERRORS = {
  400: ['IMPORT_INVALID_FILE', 'INVALID_PRICE'],
  404: ['METERING_POINT_NOT_FOUND', 'POINT_MEMBER_NOT_FOUND', 'SHARING_GROUP_NOT_FOUND', 'PRICE_NOT_FOUND'],
  409: ['EAN_ALREADY_REGISTERED', 'EAN_UNAVAILABLE', 'POINT_IN_USE', 'PRICE_PERIOD_OVERLAP'],
  422: [
    'SHARING_GROUP_REQUIRED',
    'GROUP_POINT_LIMIT',
    'PRICE_KIND_MISMATCH',
    'INVALID_PERIOD',
    'SUCCESSOR_OUTSIDE_PERIOD',
    'IMPORT_REJECTED',
  ],
} as const satisfies ErrorStatuses;

export type MeteringPointsErrorCode = ErrorCodeOf<typeof METERING_POINTS_ERRORS>;

export class MeteringPointsException extends moduleException(METERING_POINTS_ERRORS) {}
