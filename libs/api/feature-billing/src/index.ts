export { BillingModule } from './billing.module';
export { BillingException } from './billing.exception';
export type { BillingErrorCode } from './billing.exception';
