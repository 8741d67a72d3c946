import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const PRIVACY_ERRORS = {
  404: ['MEMBER_NOT_FOUND'],
  409: ['MEMBER_STILL_ACTIVE'],
} as const satisfies ErrorStatuses;

export type PrivacyErrorCode = ErrorCodeOf<typeof PRIVACY_ERRORS>;

export class PrivacyException extends moduleException(PRIVACY_ERRORS) {}
