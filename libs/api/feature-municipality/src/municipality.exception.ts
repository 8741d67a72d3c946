import { ApiException } from '@sdilna/api/util-http';

export type MunicipalityErrorCode = 'MONTH_INVALID' | 'MONTH_RANGE_INVALID' | 'MUNICIPALITY_NOT_FOUND';

function statusOf(code: MunicipalityErrorCode): number {
  switch (code) {
    case 'MONTH_INVALID':
    case 'MONTH_RANGE_INVALID':
      return 400;
    case 'MUNICIPALITY_NOT_FOUND':
      return 404;
  }
}

/** Errors of the municipality's views, with the HTTP status each code answers. */
export class MunicipalityException extends ApiException {
  readonly status: number;

  constructor(code: MunicipalityErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
