import type { KeyObject } from 'node:crypto';

import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

import { isUuid, SESSION_CHECKED_IN_QUERY_KEY, type SessionClaims } from '@sdilna/api/util-auth';
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

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> | Observable<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true) return true;
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(SESSION_CHECKED_IN_QUERY_KEY, targets) === true
    ) {
      return this.verifyClaims(context.switchToHttp().getRequest<Request & { claims?: SessionClaims }>());
    }
    return super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof AuthException) throw error;
    if (error !== null && error !== undefined) throw new AuthException('UNAUTHENTICATED', 'Sign in first');
    if (user === false || user === null || user === undefined) {
      throw new AuthException('UNAUTHENTICATED', 'A valid access token is required (Authorization: Bearer)');
    }
    return user;
  }

  private async verifyClaims(request: Request & { claims?: SessionClaims }): Promise<boolean> {
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
    return true;
  }
}
