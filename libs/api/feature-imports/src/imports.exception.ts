import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const IMPORTS_ERRORS = {
  400: ['FILE_MISSING', 'FILE_EMPTY', 'UPLOAD_MALFORMED', 'CALCULATION_INVALID'],
  404: ['IMPORT_NOT_FOUND'],
  409: ['IMPORT_NOT_FAILED', 'IMPORT_FILE_GONE'],
  413: ['FILE_TOO_LARGE'],
} as const satisfies ErrorStatuses;

export type ImportsErrorCode = ErrorCodeOf<typeof IMPORTS_ERRORS>;

export class ImportsException extends moduleException(IMPORTS_ERRORS) {}
