import type { KeyObject } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { isUuid, type SessionClaims } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';

import { accessTokenKey } from './access-token-key';
import { AuthException } from './auth.exception';
import { type AccessClaims, hasExpiry } from './session-tokens';

const BEARER = /^Bearer\s+(\S+)$/i;

/** The claims of a verified access token; `enroll` when the token only allows two-factor enrolment. */
export interface VerifiedAccess {
  readonly claims: SessionClaims;
  readonly enroll: boolean;
}

/**
 * Verifies an access token without the database (key, algorithm, expiry, ids): what the global guard does on
 * `@SessionCheckedInQuery()` routes and the hot-read lane of the API before its one statement checks the session.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    config: AppConfig,
  ) {
    this.key = accessTokenKey(config);
  }

  /** Throws `AuthException` UNAUTHENTICATED for anything but a valid, unexpired token with UUID ids. */
  async verify(authorization: string | undefined): Promise<VerifiedAccess> {
    const token = BEARER.exec(authorization ?? '')?.[1];
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
    return { claims: { userId: sub, sessionId: sid }, enroll: claims.tfa === 'enroll' };
  }

  /**
   * The route-level access decision of a `@SessionCheckedInQuery()` route, before its statement checks the
   * session, membership and role: a valid token, and not one that only allows two-factor enrolment unless the
   * route is an enrolment route. The global guard and the hot-read lane of the API both decide with this.
   */
  async claimsForRoute(
    authorization: string | undefined,
    options: { readonly enrollmentRoute: boolean },
  ): Promise<SessionClaims> {
    const verified = await this.verify(authorization);
    if (verified.enroll && !options.enrollmentRoute) throw twoFactorRequired();
    return verified.claims;
  }
}

/** 403 for a token that only allows enrolling an authenticator app, on any other route. */
export function twoFactorRequired(): AuthException {
  return new AuthException(
    'TWO_FACTOR_REQUIRED',
    'A community of yours requires two-factor sign-in: enrol an authenticator app (POST /api/auth/two-factor/enrollment) and sign in again',
  );
}
