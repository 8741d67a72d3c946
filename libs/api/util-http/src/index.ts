export { ApiException } from './api-error';
export type { ApiErrorBody } from './api-error';
export { ApiExceptionFilter } from './api-exception.filter';
export { IS_PUBLIC_KEY, Public } from './public.decorator';
export { createValidationPipe } from './validation.pipe';
