import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const BILLING_ERRORS = {
  400: ['WEBHOOK_SIGNATURE_INVALID', 'WEBHOOK_EVENT_MALFORMED'],
  404: ['DOCUMENT_NOT_FOUND'],
  409: ['BILLING_DISABLED', 'CARD_PAYMENTS_OFF', 'DOCUMENT_ALREADY_PAID'],
  422: ['BILLING_NOT_CONFIGURED', 'BILLING_NO_CUSTOMER', 'DOCUMENT_NOT_PAYABLE'],
  503: ['PAYMENT_PROVIDER_FAILED'],
} as const satisfies ErrorStatuses;

export type BillingErrorCode = ErrorCodeOf<typeof BILLING_ERRORS>;

export class BillingException extends moduleException(BILLING_ERRORS) {}
