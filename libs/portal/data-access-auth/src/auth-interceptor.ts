import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, switchMap, throwError } from 'rxjs';

import { Session } from './session';

// Calls that authenticate by their body: a 401 there means bad credentials, never an expired access token.
const CREDENTIAL_CALLS = /^\/api\/auth\/(login|signup|refresh|password-reset|invitations\/accept)/;

/**
 * A 401 with a code other than UNAUTHENTICATED refuses what the call sent (a wrong password or code confirming a
 * change of the account), not the token: refreshing would only send the same wrong password again.
 */
function refusesWhatWasSent(error: HttpErrorResponse): boolean {
  const code = (error.error as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' && code !== 'UNAUTHENTICATED';
}

/** Adds the access token to API calls; on a 401 refreshes the pair once and repeats the call once. */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/') || CREDENTIAL_CALLS.test(request.url)) return next(request);
  const session = inject(Session);
  const withToken = (token: string | undefined): HttpRequest<unknown> =>
    token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

  return next(withToken(session.accessToken())).pipe(
    catchError((error: unknown) => {
      if (
        !(error instanceof HttpErrorResponse) ||
        error.status !== 401 ||
        refusesWhatWasSent(error) ||
        !session.canRefresh()
      ) {
        return throwError(() => error);
      }
      return session.refresh().pipe(
        catchError(() => {
          session.expire();
          return throwError(() => error);
        }),
        switchMap((pair) => next(withToken(pair.accessToken))),
      );
    }),
  );
};
