import type { KeyObject } from 'node:crypto';

import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';

import {
  isUuid,
  type Principal,
  SESSION_CHECKED_IN_QUERY_KEY,
  type SessionClaims,
  TWO_FACTOR_ENROLLMENT_KEY,
} from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { IS_PUBLIC_KEY } from '@sdilna/api/util-http';

import { accessTokenKey } from './access-token-key';
import { AuthException } from './auth.exception';
import { type AccessClaims, hasExpiry } from './session-tokens';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * The global guard: every route needs a valid access token unless it is marked `@Public()`. Tokens are verified
 * by the Passport JWT strategy, which also checks that the session lives; on `@SessionCheckedInQuery()` routes
 * the guard verifies the token itself (same key, same algorithm) and leaves the session to the route's statement.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly key: KeyObject;

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    config: AppConfig,
  ) {
    super();
    this.key = accessTokenKey(config);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true) return true;
    const request = context
      .switchToHttp()
      .getRequest<Request & { claims?: SessionClaims; user?: Principal }>();
    let pending: boolean;
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(SESSION_CHECKED_IN_QUERY_KEY, targets) === true
    ) {
      pending = (await this.verifyClaims(request)) === 'enroll';
    } else {
      await lastValueOf(super.canActivate(context));
      pending = request.user?.twoFactorPending === true;
    }
    if (
      pending &&
      this.reflector.getAllAndOverride<boolean | undefined>(TWO_FACTOR_ENROLLMENT_KEY, targets) !== true
    ) {
      throw new AuthException(
        'TWO_FACTOR_REQUIRED',
        'A community of yours requires two-factor sign-in: enrol an authenticator app (POST /api/auth/two-factor/enrollment) and sign in again',
      );
    }
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

  /** Verifies the token of a session-checked-in-query route; answers its two-factor restriction, if any. */
  private async verifyClaims(request: Request & { claims?: SessionClaims }): Promise<'enroll' | undefined> {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) {
      throw new AuthException('UNAUTHENTICATED', 'A valid access token is required (Authorization: Bearer)');
    }
    let claims: Partial<AccessClaims>;
    try {
      // jsonwebtoken takes a KeyObject; the @nestjs/jwt types only know strings and buffers.
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: ['HS256'],
        secret: this.key as unknown as Buffer,
      });
    } catch {
      throw new AuthException('UNAUTHENTICATED', 'A valid access token is required (Authorization: Bearer)');
    }
    if (!hasExpiry(claims)) throw new AuthException('UNAUTHENTICATED', 'The access token has no expiry');
    const { sub, sid } = claims;
    // The ids go to Postgres as uuid parameters: anything else is a malformed token, not a database error.
    if (!isUuid(sub) || !isUuid(sid)) {
      throw new AuthException('UNAUTHENTICATED', 'Malformed access token');
    }
    request.claims = { userId: sub, sessionId: sid };
    return claims.tfa === 'enroll' ? 'enroll' : undefined;
  }
}

async function lastValueOf(result: boolean | Promise<boolean> | Observable<boolean>): Promise<boolean> {
  return isObservable(result) ? lastValueFrom(result) : result;
}
