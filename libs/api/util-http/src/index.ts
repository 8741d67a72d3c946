export { ApiException, moduleException } from './api-error';
export type { ApiErrorBody, ErrorCodeOf, ErrorStatuses } from './api-error';
export { ApiExceptionFilter } from './api-exception.filter';
export { IS_PUBLIC_KEY, Public } from './public.decorator';
export { BoundedMemo } from './bounded-memo';
export { createValidationPipe } from './validation.pipe';
export {
  findUnsafeText,
  HostileInputException,
  jsonDepthExceeds,
  MAX_JSON_DEPTH,
  unsafeTextProblem,
} from './hostile-input';
export type { HostileInputCode } from './hostile-input';
export { jsonBodyParser } from './json-body-parser';
export { UnsafeTextMiddleware } from './unsafe-text.middleware';
export { StoredEmail } from './stored-email';
