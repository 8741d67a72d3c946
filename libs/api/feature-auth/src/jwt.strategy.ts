import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import type { Principal } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';

import { accessTokenKey } from './access-token-key';
import { AuthException } from './auth.exception';
import { type AccessClaims, hasExpiry, SessionTokens } from './session-tokens';

/** Verifies the bearer token and that its session still lives, so logout and token reuse end access at once. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly sessions: SessionTokens,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // jsonwebtoken 9 accepts a KeyObject; the passport-jwt types only know strings and buffers.
      secretOrKey: accessTokenKey(config) as unknown as Buffer,
      algorithms: ['HS256'],
    });
  }

  async validate(claims: Partial<AccessClaims> & { exp?: unknown }): Promise<Principal> {
    const { sub, sid } = claims;
    if (typeof sub !== 'string' || typeof sid !== 'string')
      throw new AuthException('UNAUTHENTICATED', 'Malformed access token');
    // jsonwebtoken checks `exp` only when it is there; a token without one would never expire.
    if (!hasExpiry(claims)) throw new AuthException('UNAUTHENTICATED', 'The access token has no expiry');
    const user = await this.sessions.activeSessionUser(sid, sub);
    if (!user) throw new AuthException('UNAUTHENTICATED', 'The session has ended; sign in again');
    return {
      userId: user.id,
      email: user.email,
      platformAdmin: user.platformAdmin,
      sessionId: sid,
      ...(claims.tfa === 'enroll' ? { twoFactorPending: true } : {}),
    };
  }
}
