import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';

import { I18n } from './i18n';

/**
 * Tells the API the portal's chosen language on every API call (`Accept-Language`), so what the API mails on the
 * person's behalf (an invitation, a password-reset link) speaks the language they use the portal in.
 */
export const languageInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/') || request.headers.has('Accept-Language')) return next(request);
  return next(request.clone({ setHeaders: { 'Accept-Language': inject(I18n).language() } }));
};
