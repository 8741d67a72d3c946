import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';

import {
  type Principal,
  SESSION_CHECKED_IN_QUERY_KEY,
  type SessionClaims,
  TWO_FACTOR_ENROLLMENT_KEY,
} from '@sdilna/api/util-auth';
import { IS_PUBLIC_KEY } from '@sdilna/api/util-http';

import { AccessTokenVerifier, twoFactorRequired } from './access-token-verifier';
import { AuthException } from './auth.exception';

/**
 * The global guard: every route needs a valid access token unless it is marked `@Public()`. Tokens are verified
 * by the Passport JWT strategy, which also checks that the session lives; on `@SessionCheckedInQuery()` routes
 * the guard verifies the token itself (same key, same algorithm) and leaves the session to the route's statement.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true) return true;
    const request = context
      .switchToHttp()
      .getRequest<Request & { claims?: SessionClaims; user?: Principal }>();
    const enrollmentRoute =
      this.reflector.getAllAndOverride<boolean | undefined>(TWO_FACTOR_ENROLLMENT_KEY, targets) === true;
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(SESSION_CHECKED_IN_QUERY_KEY, targets) === true
    ) {
      // The same decision as the API's hot-read lane makes for these routes (AccessTokenVerifier).
      request.claims = await this.verifier.claimsForRoute(request.headers.authorization, { enrollmentRoute });
      return true;
    }
    await lastValueOf(super.canActivate(context));
    if (request.user?.twoFactorPending === true && !enrollmentRoute) throw twoFactorRequired();
    return true;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof AuthException) throw error;
    if (error !== null && error !== undefined) throw new AuthException('UNAUTHENTICATED', 'Sign in first');
    if (user === false || user === null || user === undefined) {
      throw new AuthException('UNAUTHENTICATED', 'A valid access token is required (Authorization: Bearer)');
    }
    return user;
  }
}

async function lastValueOf(result: boolean | Promise<boolean> | Observable<boolean>): Promise<boolean> {
  return isObservable(result) ? lastValueFrom(result) : result;
}
