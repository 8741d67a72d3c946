import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const SETTLEMENTS_ERRORS = {
  400: ['PERIOD_INVALID'],
  404: ['SETTLEMENT_NOT_FOUND', 'DOCUMENT_NOT_FOUND', 'PRICE_LIST_NOT_FOUND'],
  409: [
    'SETTLEMENT_FINAL',
    'SETTLEMENT_NOT_COMPUTED',
    'SETTLEMENT_NOT_APPROVED',
    'SETTLEMENT_NOT_DRAFT',
    'SETTLEMENT_IN_PROGRESS',
    'SETTLEMENT_APPROVED',
    'SETTLEMENT_DATA_INCOMPLETE',
    'NOTHING_TO_CORRECT',
    'PRICE_LIST_OVERLAP',
    'DOCUMENT_NOT_CORRECTABLE',
  ],
  422: [
    'PERIOD_NOT_OVER',
    'SETTLEMENT_NOTHING_TO_ISSUE',
    'SETTLEMENT_INPUT_INVALID',
    'PRICE_LIST_INVALID',
    'SETTINGS_INVALID',
    'DOCUMENT_PARTIES_INCOMPLETE',
    'ISSUE_DATE_BEFORE_TAX_POINT',
    'VAT_STATUS_INVALID',
  ],
} as const satisfies ErrorStatuses;

export type SettlementsErrorCode = ErrorCodeOf<typeof SETTLEMENTS_ERRORS>;

/** Errors of price lists, settlement runs and documents, with the HTTP status each code answers. */
export class SettlementsException extends moduleException(SETTLEMENTS_ERRORS) {}
