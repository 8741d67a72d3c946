import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const PAYMENTS_ERRORS = {
  400: ['STATEMENT_FILE_MISSING'],
  404: [
    'BANK_ENTRY_NOT_FOUND',
    'DOCUMENT_NOT_FOUND',
    'PAYOUT_NOT_FOUND',
    'MEMBER_NOT_FOUND',
    'PAYMENT_NOT_FOUND',
  ],
  409: ['BANK_ENTRY_ALREADY_ASSIGNED', 'NOTHING_TO_PAY_OUT'],
  422: [
    'STATEMENT_MALFORMED',
    'STATEMENT_UNSUPPORTED',
    'STATEMENT_ACCOUNT_MISMATCH',
    'PAYOUT_ACCOUNT_MISSING',
    'PAYOUT_ACCOUNT_INVALID',
    'PAYMENT_SETTINGS_INVALID',
    'MANUAL_PAYMENT_INVALID',
  ],
} as const satisfies ErrorStatuses;

export type PaymentsErrorCode = ErrorCodeOf<typeof PAYMENTS_ERRORS>;

/** Errors of bank statements, payments, reminders and payouts, with the HTTP status each code answers. */
export class PaymentsException extends moduleException(PAYMENTS_ERRORS) {}
