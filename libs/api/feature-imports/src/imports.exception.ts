import { ApiException } from '@sdilna/api/util-http';

export type ImportsErrorCode =
  | 'IMPORT_NOT_FOUND'
  | 'FILE_MISSING'
  | 'FILE_EMPTY'
  | 'FILE_TOO_LARGE'
  | 'UPLOAD_MALFORMED'
  | 'CALCULATION_INVALID';

function statusOf(code: ImportsErrorCode): number {
  switch (code) {
    case 'IMPORT_NOT_FOUND':
      return 404;
    case 'FILE_MISSING':
    case 'FILE_EMPTY':
    case 'UPLOAD_MALFORMED':
    case 'CALCULATION_INVALID':
      return 400;
    case 'FILE_TOO_LARGE':
      return 413;
  }
}

export class ImportsException extends ApiException {
  readonly status: number;

  constructor(code: ImportsErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
