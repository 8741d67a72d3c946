import { ApiException } from '@sdilna/api/util-http';

export type MeteringPointsErrorCode =
  | 'METERING_POINT_NOT_FOUND'
  | 'POINT_MEMBER_NOT_FOUND'
  | 'SHARING_GROUP_NOT_FOUND'
  | 'SHARING_GROUP_REQUIRED'
  | 'EAN_ALREADY_REGISTERED'
  | 'EAN_UNAVAILABLE'
  | 'GROUP_POINT_LIMIT'
  | 'POINT_IN_USE'
  | 'PRICE_KIND_MISMATCH'
  | 'PRICE_PERIOD_OVERLAP'
  | 'PRICE_NOT_FOUND'
  | 'SUCCESSOR_OUTSIDE_PERIOD'
  | 'INVALID_PRICE'
  | 'INVALID_PERIOD'
  | 'IMPORT_INVALID_FILE'
  | 'IMPORT_REJECTED';

function statusOf(code: MeteringPointsErrorCode): number {
  switch (code) {
    case 'METERING_POINT_NOT_FOUND':
    case 'POINT_MEMBER_NOT_FOUND':
    case 'SHARING_GROUP_NOT_FOUND':
    case 'PRICE_NOT_FOUND':
      return 404;
    case 'EAN_ALREADY_REGISTERED':
    case 'EAN_UNAVAILABLE':
    case 'POINT_IN_USE':
    case 'PRICE_PERIOD_OVERLAP':
      return 409;
    case 'IMPORT_INVALID_FILE':
    case 'INVALID_PRICE':
      return 400;
    case 'SHARING_GROUP_REQUIRED':
    case 'GROUP_POINT_LIMIT':
    case 'PRICE_KIND_MISMATCH':
    case 'INVALID_PERIOD':
    case 'SUCCESSOR_OUTSIDE_PERIOD':
    case 'IMPORT_REJECTED':
      return 422;
  }
}

export class MeteringPointsException extends ApiException {
  readonly status: number;

  constructor(code: MeteringPointsErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
