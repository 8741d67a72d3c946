import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const JOINING_ERRORS = {
  400: ['ESTIMATE_INPUT_INVALID', 'JOIN_TOKEN_INVALID', 'JOIN_FORM_INVALID', 'IMPORT_INVALID_FILE'],
  404: ['PUBLIC_PAGE_NOT_FOUND', 'JOIN_REQUEST_NOT_FOUND', 'SHARING_GROUP_NOT_FOUND'],
  409: ['PUBLIC_SLUG_TAKEN', 'JOIN_REQUEST_DECIDED', 'JOIN_REQUEST_UNCONFIRMED'],
  422: ['JOIN_CONSENT_MISSING', 'JOIN_REQUEST_REFUSED', 'IMPORT_REJECTED'],
  429: ['JOIN_TOO_MANY_REQUESTS'],
} as const satisfies ErrorStatuses;

export type JoiningErrorCode = ErrorCodeOf<typeof JOINING_ERRORS>;

export class JoiningException extends moduleException(JOINING_ERRORS) {}
