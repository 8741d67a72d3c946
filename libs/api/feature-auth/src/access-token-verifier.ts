import type { KeyObject } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { isUuid, type SessionClaims } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { BoundedMemo } from '@sdilna/api/util-http';

import { accessTokenKey } from './access-token-key';
import { AuthException } from './auth.exception';
import { type AccessClaims, hasExpiry } from './session-tokens';

const BEARER = /^Bearer\s+(\S+)$/i;

/** The claims of a verified access token; `enroll` when the token only allows two-factor enrolment. */
export interface VerifiedAccess {
  readonly claims: SessionClaims;
  readonly enroll: boolean;
}

/** A token that passed every check, with the times those checks depend on (seconds, as in the token). */
interface VerifiedToken {
  readonly access: VerifiedAccess;
  readonly exp: number;
  readonly nbf: number | undefined;
}

/**
 * Tokens remembered once verified. An access token lives 15 minutes and a portal page load sends the same one
 * twice or more; 1 000 entries cover that many signed-in users at once, about 0.5 MB at most.
 */
export const VERIFIED_TOKENS_KEPT = 1000;

/** Tokens are a few hundred characters; anything much longer is not one this API signed and is not remembered. */
const LONGEST_REMEMBERED_TOKEN = 2048;

/**
 * Verifies an access token without the database (key, algorithm, expiry, ids): what the global guard does on
 * `@SessionCheckedInQuery()` routes and the hot-read lane of the API before its one statement checks the session.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly key: KeyObject;
  /**
   * Verification is a pure function of the token string and the clock (the key is the process's): a token
   * verified once is remembered with its `exp` and `nbf`, which are checked again on every use exactly as
   * jsonwebtoken checks them, so an expired token is refused on a hit as on a miss (fast-jwt's cache does the
   * same). Only verified tokens are remembered, keyed by the whole string, signature included. Whether the
   * session lives is not a property of the token: the route's statement (or the JWT strategy) checks it on every
   * request, so a session ended a moment ago refuses a remembered token too.
   */
  private readonly verified = new BoundedMemo<VerifiedToken>(VERIFIED_TOKENS_KEPT, LONGEST_REMEMBERED_TOKEN);

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
    const remembered = this.verified.get(token);
    if (remembered !== undefined) {
      if (stillValid(remembered)) return remembered.access;
      // Expired (or, with a clock set back, not yet valid): verified afresh below, which refuses it the same way.
      this.verified.delete(token);
    }
    return this.verifyAfresh(token);
  }

  private async verifyAfresh(token: string): Promise<VerifiedAccess> {
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
    // Frozen: one remembered object answers every request with this token.
    const access: VerifiedAccess = Object.freeze({
      claims: Object.freeze({ userId: sub, sessionId: sid }),
      enroll: claims.tfa === 'enroll',
    });
    const { exp, nbf } = claims as { exp: number; nbf?: number };
    this.verified.set(token, { access, exp, nbf });
    return access;
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

/** jsonwebtoken's time checks (verify.js, no clock tolerance): `nbf` not after now, now before `exp`. */
function stillValid({ exp, nbf }: VerifiedToken): boolean {
  const now = Math.floor(Date.now() / 1000);
  return (nbf === undefined || nbf <= now) && now < exp;
}

/** 403 for a token that only allows enrolling an authenticator app, on any other route. */
export function twoFactorRequired(): AuthException {
  return new AuthException(
    'TWO_FACTOR_REQUIRED',
    'A community of yours requires two-factor sign-in: enrol an authenticator app (POST /api/auth/two-factor/enrollment) and sign in again',
  );
}
