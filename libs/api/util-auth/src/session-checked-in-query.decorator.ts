import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiUnauthorizedResponse } from '@nestjs/swagger';

export const SESSION_CHECKED_IN_QUERY_KEY = 'sdilna:sessionCheckedInQuery';

/**
 * For the hottest reads only: the global guard verifies the access token but leaves the session check to the
 * route's one database statement (`caller_access`), which answers 401 for an ended session before any data is
 * used. Saves the guard's round trip to Postgres. The handler reads the caller with `@CurrentClaims()` and must
 * pass it to a statement that checks the session (`CommunityAccess.fromRow` refuses a dead one); the test
 * `test/api/session-checked-in-query.e2e-spec.ts` lists every route that carries this and checks that a revoked session
 * gets 401 there.
 */
export function SessionCheckedInQuery(): MethodDecorator {
  return applyDecorators(
    SetMetadata(SESSION_CHECKED_IN_QUERY_KEY, true),
    ApiUnauthorizedResponse({
      description: 'UNAUTHENTICATED: missing, invalid or expired token, or ended session',
    }),
  );
}
