import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';

import { prepareStatement, TenantDatabase } from '@sdilna/api/data-access-db';
import { hashSecret, newSecret, secretMatches, splitToken } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';

import { AuthException } from './auth.exception';

/**
 * The per-request session check: prepared, since every authenticated request runs it. `live_session_user` is the
 * one definition of a live session (the one-statement reads use it through `caller_access`).
 */
const ACTIVE_SESSION_USER = prepareStatement(
  `SELECT id, email, platform_admin FROM live_session_user($1, $2)`,
);

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * Claims of an access token: the user and the session (refresh-token family) it belongs to. `tfa: 'enroll'`
 * marks a session that may only enrol a second factor: its user administers (or keeps the accounts of) a
 * community that requires two-factor sign-in, and the session was opened with the password alone.
 */
export interface AccessClaims {
  readonly sub: string;
  readonly sid: string;
  readonly tfa?: 'enroll';
}

/** What the session list and the sign-in record about a session. */
export interface SessionOptions {
  readonly twoFactor?: boolean;
  readonly userAgent?: string | undefined;
}

/** Whether the user must use a second factor: an administrator or accountant of a community that requires it. */
export async function obligedToUseTwoFactor(manager: EntityManager, userId: string): Promise<boolean> {
  // The memberships and communities of the user are visible under `app.user_id` (policies own_memberships and
  // communities_of_user); set for this transaction only.
  await manager.query(`SELECT set_config('app.user_id', $1, true)`, [userId]);
  const rows = (await manager.query(
    `SELECT EXISTS (
       SELECT 1 FROM memberships m JOIN communities c ON c.community_id = m.community_id
        WHERE m.user_id = $1 AND m.role IN ('community-admin', 'municipality-accountant') AND c.require_two_factor
     ) AS obliged`,
    [userId],
  )) as Array<{ obliged: boolean }>;
  return rows[0]?.obliged === true;
}

/** Every access token this API signs expires; one without `exp` (signed with a leaked key, say) is refused. */
export function hasExpiry(claims: object): boolean {
  const exp = (claims as { exp?: unknown }).exp;
  return typeof exp === 'number' && Number.isFinite(exp);
}

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

interface RefreshRow {
  id: string;
  session_id: string;
  user_id: string;
  token_hash: Buffer;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  two_factor: boolean;
}

type RotationOutcome = { kind: 'rotated'; pair: TokenPair } | { kind: 'invalid' } | { kind: 'reused' };

/**
 * Sessions with rotating refresh tokens. Every refresh token is single use; presenting a spent one means it was
 * copied, so the whole session (the token family and its access tokens) is revoked.
 */
@Injectable()
export class SessionTokens {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  /** Opens a session inside the caller's transaction (signup and invitation acceptance commit it with the user). */
  async open(manager: EntityManager, userId: string, options: SessionOptions = {}): Promise<TokenPair> {
    const sessionId = randomUUID();
    const twoFactor = options.twoFactor === true;
    await manager.query(
      `INSERT INTO sessions (id, user_id, two_factor, user_agent) VALUES ($1, $2, $3, $4)`,
      [sessionId, userId, twoFactor, options.userAgent?.slice(0, 300) ?? null],
    );
    return this.issue(
      manager,
      userId,
      sessionId,
      !twoFactor && (await obligedToUseTwoFactor(manager, userId)),
    );
  }

  async openSession(userId: string, options: SessionOptions = {}): Promise<TokenPair> {
    return this.db.runGlobal((manager) => this.open(manager, userId, options));
  }

  /** A fresh access token of a session that has just passed the second factor (it is no longer restricted). */
  async accessTokenOf(userId: string, sessionId: string): Promise<string> {
    const claims: AccessClaims = { sub: userId, sid: sessionId };
    return this.jwt.signAsync(claims);
  }

  async rotate(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.db.runGlobal(async (manager): Promise<RotationOutcome> => {
      const parts = splitToken(refreshToken, 1);
      if (!parts) return { kind: 'invalid' };
      const rows = (await manager.query(
        `SELECT t.id, t.session_id, s.user_id, t.token_hash, t.expires_at, t.used_at, s.revoked_at, s.two_factor
           FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
          WHERE t.id = $1
          FOR UPDATE OF t, s`,
        [parts.ids[0]],
      )) as RefreshRow[];
      const row = rows[0];
      if (!row || !secretMatches(parts.secret, row.token_hash, this.config.JWT_REFRESH_SECRET))
        return { kind: 'invalid' };
      if (row.revoked_at !== null) return { kind: 'invalid' };
      if (row.used_at !== null) {
        await manager.query(
          `UPDATE sessions SET revoked_at = now(), revoked_reason = 'token-reuse' WHERE id = $1`,
          [row.session_id],
        );
        return { kind: 'reused' };
      }
      if (row.expires_at.getTime() <= Date.now()) return { kind: 'invalid' };
      await manager.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, [row.id]);
      // The obligation is read again on every refresh: a community that starts requiring two-factor sign-in
      // restricts its administrators' password-only sessions within one access-token lifetime.
      const restricted = !row.two_factor && (await obligedToUseTwoFactor(manager, row.user_id));
      return { kind: 'rotated', pair: await this.issue(manager, row.user_id, row.session_id, restricted) };
    });
    // Thrown after the commit, so the revocation of a reused family is kept.
    switch (outcome.kind) {
      case 'rotated':
        return outcome.pair;
      case 'invalid':
        throw new AuthException(
          'REFRESH_TOKEN_INVALID',
          'The refresh token is unknown, expired or its session has ended',
        );
      case 'reused':
        throw new AuthException(
          'REFRESH_TOKEN_REUSED',
          'This refresh token was already used; the session has been ended for safety',
        );
    }
  }

  async revokeSession(sessionId: string, reason: 'logout' | 'password-reset'): Promise<void> {
    await this.db.runGlobal((manager) =>
      manager.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
        [sessionId, reason],
      ),
    );
  }

  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = 'password-reset' WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
  }

  /**
   * The user of a live session, or undefined once the session is revoked or the account is gone: one query per
   * request, so logout, token reuse and password resets end access tokens at once.
   */
  async activeSessionUser(
    sessionId: string,
    userId: string,
  ): Promise<{ id: string; email: string; platformAdmin: boolean } | undefined> {
    // One statement, one round trip: no transaction around it (a read of committed rows, so a logout that has
    // committed is seen by the next request).
    const rows = await this.db.queryGlobal<{ id: string; email: string; platform_admin: boolean }>(
      ACTIVE_SESSION_USER,
      [sessionId, userId],
    );
    const row = rows[0];
    return row ? { id: row.id, email: row.email, platformAdmin: row.platform_admin } : undefined;
  }

  private async issue(
    manager: EntityManager,
    userId: string,
    sessionId: string,
    restricted: boolean,
  ): Promise<TokenPair> {
    const tokenId = randomUUID();
    const secret = newSecret();
    await manager.query(
      `INSERT INTO refresh_tokens (id, session_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`,
      [
        tokenId,
        sessionId,
        hashSecret(secret, this.config.JWT_REFRESH_SECRET),
        new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
      ],
    );
    const claims: AccessClaims = {
      sub: userId,
      sid: sessionId,
      ...(restricted ? { tfa: 'enroll' as const } : {}),
    };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, refreshToken: `${tokenId}.${secret}` };
  }
}
