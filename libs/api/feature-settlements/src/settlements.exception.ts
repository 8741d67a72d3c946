import { ApiException } from '@sdilna/api/util-http';

export type SettlementsErrorCode =
  | 'SETTLEMENT_NOT_FOUND'
  | 'DOCUMENT_NOT_FOUND'
  | 'PERIOD_INVALID'
  | 'PERIOD_NOT_OVER'
  | 'SETTLEMENT_FINAL'
  | 'SETTLEMENT_NOT_COMPUTED'
  | 'SETTLEMENT_NOT_APPROVED'
  | 'SETTLEMENT_NOT_DRAFT'
  | 'SETTLEMENT_IN_PROGRESS'
  | 'SETTLEMENT_APPROVED'
  | 'NOTHING_TO_CORRECT'
  | 'SETTLEMENT_NOTHING_TO_ISSUE'
  | 'SETTLEMENT_INPUT_INVALID'
  | 'PRICE_LIST_INVALID'
  | 'PRICE_LIST_OVERLAP'
  | 'PRICE_LIST_NOT_FOUND'
  | 'SETTINGS_INVALID'
  | 'DOCUMENT_NOT_CORRECTABLE';

function statusOf(code: SettlementsErrorCode): number {
  switch (code) {
    case 'SETTLEMENT_NOT_FOUND':
    case 'DOCUMENT_NOT_FOUND':
    case 'PRICE_LIST_NOT_FOUND':
      return 404;
    case 'PERIOD_INVALID':
      return 400;
    case 'SETTLEMENT_FINAL':
    case 'SETTLEMENT_NOT_COMPUTED':
    case 'SETTLEMENT_NOT_APPROVED':
    case 'SETTLEMENT_NOT_DRAFT':
    case 'SETTLEMENT_IN_PROGRESS':
    case 'SETTLEMENT_APPROVED':
    case 'NOTHING_TO_CORRECT':
    case 'PRICE_LIST_OVERLAP':
    case 'DOCUMENT_NOT_CORRECTABLE':
      return 409;
    case 'PERIOD_NOT_OVER':
    case 'SETTLEMENT_NOTHING_TO_ISSUE':
    case 'SETTLEMENT_INPUT_INVALID':
    case 'PRICE_LIST_INVALID':
    case 'SETTINGS_INVALID':
      return 422;
  }
}

/** Errors of price lists, settlement runs and documents, with the HTTP status each code answers. */
export class SettlementsException extends ApiException {
  readonly status: number;

  constructor(code: SettlementsErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
