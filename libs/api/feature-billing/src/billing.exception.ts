import { ApiException } from '@sdilna/api/util-http';

export type BillingErrorCode =
  | 'BILLING_DISABLED'
  | 'BILLING_NOT_CONFIGURED'
  | 'BILLING_NO_CUSTOMER'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'WEBHOOK_EVENT_MALFORMED'
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_NOT_PAYABLE'
  | 'PAYMENT_PROVIDER_FAILED';

function statusOf(code: BillingErrorCode): number {
  switch (code) {
    case 'BILLING_DISABLED':
      return 409;
    case 'BILLING_NOT_CONFIGURED':
    case 'BILLING_NO_CUSTOMER':
    case 'DOCUMENT_NOT_PAYABLE':
      return 422;
    case 'WEBHOOK_SIGNATURE_INVALID':
    case 'WEBHOOK_EVENT_MALFORMED':
      return 400;
    case 'DOCUMENT_NOT_FOUND':
      return 404;
    case 'PAYMENT_PROVIDER_FAILED':
      return 503;
  }
}

export class BillingException extends ApiException {
  readonly status: number;

  constructor(code: BillingErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
