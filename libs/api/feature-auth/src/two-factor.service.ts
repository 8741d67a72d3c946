import { randomBytes, randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import { toDataURL } from 'qrcode';
import type { EntityManager } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { AuditLog, CommunityStore } from '@sdilna/api/data-access-registry';
import { hashSecret, newSecret, type Principal, secretMatches, splitToken } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';

import { AuthException } from './auth.exception';
import type {
  EnrollmentView,
  RecoveryCodesView,
  SessionView,
  TwoFactorChallengeView,
  TwoFactorPolicyView,
} from './dtos/two-factor.dto';
import { PasswordHasher } from './password-hasher';
import { obligedToUseTwoFactor, SessionTokens, type SessionOptions, type TokenPair } from './session-tokens';

const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;
/** Wrong codes one challenge takes before it is spent: 5 guesses of 10^6 per password entry. */
const CHALLENGE_ATTEMPTS = 5;
const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** One 30-second step either side: clocks of phones drift. */
const EPOCH_TOLERANCE_SECONDS = 30;
const ISSUER = 'Sdílna';

interface TwoFactorRow {
  secret: string;
  confirmed_at: Date | null;
  last_step: string;
}

interface ChallengeRow {
  id: string;
  user_id: string;
  token_hash: Buffer;
  user_agent: string | null;
  attempts: number;
  expires_at: Date;
  used_at: Date | null;
}

type ChallengeOutcome = { kind: 'passed'; pair: TokenPair } | { kind: 'invalid' } | { kind: 'wrong-code' };

/** `xxxx-xxxx` from an alphabet without look-alikes (no 0/o, 1/l/i). */
function recoveryCode(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/\s+/g, '');
}

/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238, through otplib) and single-use recovery codes.
 * A user who has confirmed an authenticator signs in in two steps: the password gives a challenge that lives
 * five minutes and takes five wrong codes; the code (or a recovery code) opens the session. A code is accepted
 * once (the last used time step is stored), so a code seen over a shoulder cannot open a second session.
 */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly sessions: SessionTokens,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly passwords: PasswordHasher,
  ) {}

  /** After a correct password: tokens when the user has no second factor, else a challenge for the code. */
  async signIn(userId: string, options: SessionOptions): Promise<TokenPair | TwoFactorChallengeView> {
    return this.db.runGlobal(async (manager) => {
      const factor = await this.factorOf(manager, userId);
      if (factor?.confirmed_at == null) return this.sessions.open(manager, userId, options);
      const id = randomUUID();
      const secret = newSecret();
      await manager.query(
        `INSERT INTO sign_in_challenges (id, user_id, token_hash, user_agent, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [
          id,
          userId,
          hashSecret(secret, this.config.JWT_REFRESH_SECRET),
          options.userAgent?.slice(0, 300) ?? null,
          new Date(Date.now() + CHALLENGE_LIFETIME_MS),
        ],
      );
      return { twoFactorRequired: true as const, challengeToken: `${id}.${secret}` };
    });
  }

  /** The second step: a current code or an unused recovery code opens a session that passed two factors. */
  async completeSignIn(
    challengeToken: string,
    code: string | undefined,
    recovery: string | undefined,
  ): Promise<TokenPair> {
    const parts = splitToken(challengeToken, 1);
    const invalid = new AuthException(
      'TWO_FACTOR_CHALLENGE_INVALID',
      'The sign-in has expired or was already used; enter your password again',
    );
    if (!parts) throw invalid;
    const outcome = await this.db.runGlobal(async (manager): Promise<ChallengeOutcome> => {
      const rows = (await manager.query(
        `SELECT id, user_id, token_hash, user_agent, attempts, expires_at, used_at FROM sign_in_challenges
          WHERE id = $1 FOR UPDATE`,
        [parts.ids[0]],
      )) as ChallengeRow[];
      const row = rows[0];
      if (
        !row ||
        !secretMatches(parts.secret, row.token_hash, this.config.JWT_REFRESH_SECRET) ||
        row.used_at !== null ||
        row.expires_at.getTime() <= Date.now() ||
        row.attempts >= CHALLENGE_ATTEMPTS
      ) {
        return { kind: 'invalid' };
      }
      const passed =
        code !== undefined
          ? await this.acceptCode(manager, row.user_id, code)
          : recovery !== undefined && (await this.spendRecoveryCode(manager, row.user_id, recovery));
      if (!passed) {
        // Kept: the outcome is thrown after the commit.
        await manager.query(`UPDATE sign_in_challenges SET attempts = attempts + 1 WHERE id = $1`, [row.id]);
        return { kind: 'wrong-code' };
      }
      await manager.query(`UPDATE sign_in_challenges SET used_at = now() WHERE id = $1`, [row.id]);
      return {
        kind: 'passed',
        pair: await this.sessions.open(manager, row.user_id, {
          twoFactor: true,
          userAgent: row.user_agent ?? undefined,
        }),
      };
    });
    switch (outcome.kind) {
      case 'passed':
        return outcome.pair;
      case 'invalid':
        throw invalid;
      case 'wrong-code':
        throw new AuthException('TWO_FACTOR_CODE_INVALID', 'The code is wrong or was already used');
    }
  }

  /** A new authenticator secret to scan; replaces an unconfirmed one. A confirmed one must be kept. */
  async enroll(principal: Principal): Promise<EnrollmentView> {
    const secret = generateSecret();
    await this.db.runGlobal(async (manager) => {
      const factor = await this.factorOf(manager, principal.userId, true);
      if (factor?.confirmed_at != null) {
        throw new AuthException(
          'TWO_FACTOR_ALREADY_ENABLED',
          'Two-factor sign-in is already on for this account',
        );
      }
      await manager.query(
        `INSERT INTO user_two_factor (user_id, secret) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now()`,
        [principal.userId, secret],
      );
    });
    const otpauthUri = generateURI({ issuer: ISSUER, label: principal.email, secret });
    return { secret, otpauthUri, qrCode: await toDataURL(otpauthUri, { margin: 1, width: 220 }) };
  }

  /**
   * Confirms the authenticator with a code from it. The current session counts as two-factor from now on; the
   * account's other sessions, opened with the password alone, are ended.
   */
  async confirm(principal: Principal, code: string): Promise<RecoveryCodesView & { accessToken: string }> {
    const codes = await this.db.runGlobal(async (manager) => {
      const factor = await this.factorOf(manager, principal.userId, true);
      if (!factor) throw new AuthException('TWO_FACTOR_NOT_ENABLED', 'Start the enrolment first');
      if (factor.confirmed_at !== null) {
        throw new AuthException(
          'TWO_FACTOR_ALREADY_ENABLED',
          'Two-factor sign-in is already on for this account',
        );
      }
      if (!(await this.acceptCode(manager, principal.userId, code, true))) {
        throw new AuthException('TWO_FACTOR_CODE_INVALID', 'The code is wrong; check the time of your phone');
      }
      await manager.query(`UPDATE user_two_factor SET confirmed_at = now() WHERE user_id = $1`, [
        principal.userId,
      ]);
      await manager.query(`UPDATE sessions SET two_factor = true WHERE id = $1`, [principal.sessionId]);
      await manager.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = 'logout'
          WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
        [principal.userId, principal.sessionId],
      );
      return this.replaceRecoveryCodes(manager, principal.userId);
    });
    return {
      recoveryCodes: codes,
      accessToken: await this.sessions.accessTokenOf(principal.userId, principal.sessionId),
    };
  }

  /** New recovery codes (the old ones stop working), for a current code. */
  async regenerateRecoveryCodes(principal: Principal, code: string): Promise<RecoveryCodesView> {
    const codes = await this.db.runGlobal(async (manager) => {
      const factor = await this.factorOf(manager, principal.userId, true);
      if (factor?.confirmed_at == null)
        throw new AuthException('TWO_FACTOR_NOT_ENABLED', 'Two-factor sign-in is not on for this account');
      if (!(await this.acceptCode(manager, principal.userId, code)))
        throw new AuthException('TWO_FACTOR_CODE_INVALID', 'The code is wrong or was already used');
      return this.replaceRecoveryCodes(manager, principal.userId);
    });
    return { recoveryCodes: codes };
  }

  /**
   * Turns two-factor sign-in off, for the password and a current code or a recovery code (a stolen session alone
   * cannot do it). Refused while a community the user administers or keeps the books of requires a second factor:
   * the next sign-in would only lead back to enrolment. The account's sessions stop counting as two-factor.
   */
  async disable(
    principal: Principal,
    password: string,
    second: { readonly code?: string; readonly recoveryCode?: string },
  ): Promise<void> {
    await this.db.runGlobal(async (manager) => {
      const factor = await this.factorOf(manager, principal.userId, true);
      if (factor?.confirmed_at == null)
        throw new AuthException('TWO_FACTOR_NOT_ENABLED', 'Two-factor sign-in is not on for this account');
      if (await obligedToUseTwoFactor(manager, principal.userId)) {
        throw new AuthException(
          'TWO_FACTOR_REQUIRED_BY_COMMUNITY',
          'A community you administer or keep the books of requires two-factor sign-in; it stays on',
        );
      }
      const [user] = (await manager.query(`SELECT password_hash FROM users WHERE id = $1`, [
        principal.userId,
      ])) as Array<{ password_hash: string }>;
      if (!(await this.passwords.verify(user?.password_hash, password)))
        throw new AuthException('PASSWORD_INVALID', 'The password is wrong');
      const passed =
        second.code !== undefined
          ? await this.acceptCode(manager, principal.userId, second.code)
          : second.recoveryCode !== undefined &&
            (await this.spendRecoveryCode(manager, principal.userId, second.recoveryCode));
      if (!passed)
        throw new AuthException('TWO_FACTOR_CODE_INVALID', 'The code is wrong or was already used');
      await manager.query(`DELETE FROM two_factor_recovery_codes WHERE user_id = $1`, [principal.userId]);
      await manager.query(`DELETE FROM user_two_factor WHERE user_id = $1`, [principal.userId]);
      await manager.query(`UPDATE sessions SET two_factor = false WHERE user_id = $1 AND two_factor`, [
        principal.userId,
      ]);
    });
  }

  async status(userId: string): Promise<boolean> {
    return this.db.runGlobal(async (manager) => (await this.factorOf(manager, userId))?.confirmed_at != null);
  }

  async listSessions(principal: Principal): Promise<SessionView[]> {
    const rows = (await this.db.runGlobal((manager) =>
      manager.query(
        `SELECT id, created_at, user_agent, two_factor FROM sessions
          WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 100`,
        [principal.userId],
      ),
    )) as Array<{ id: string; created_at: Date; user_agent: string | null; two_factor: boolean }>;
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at.toISOString(),
      ...(row.user_agent !== null ? { userAgent: row.user_agent } : {}),
      twoFactor: row.two_factor,
      current: row.id === principal.sessionId,
    }));
  }

  /** Ends one of the caller's own sessions; another user's session is not found. */
  async revokeSession(principal: Principal, sessionId: string): Promise<void> {
    const result = (await this.db.runGlobal((manager) =>
      manager.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = 'logout'
          WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`,
        [sessionId, principal.userId],
      ),
    )) as [unknown[], number];
    if (result[1] === 0) throw new AuthException('SESSION_NOT_FOUND', 'No such live session of yours');
  }

  async policy(communityId: string): Promise<TwoFactorPolicyView> {
    return this.db.run(communityId, async (tx) => ({
      required: await tx.store(CommunityStore).twoFactorRequired(),
    }));
  }

  /**
   * Turns the community's rule on or off. Whoever turns it on must have signed in with two factors, so an
   * administrator cannot lock themselves out of a rule they cannot meet.
   */
  async setPolicy(
    principal: Principal,
    communityId: string,
    required: boolean,
  ): Promise<TwoFactorPolicyView> {
    if (required) {
      const rows = (await this.db.runGlobal((manager) =>
        manager.query(`SELECT two_factor FROM sessions WHERE id = $1`, [principal.sessionId]),
      )) as Array<{ two_factor: boolean }>;
      if (rows[0]?.two_factor !== true) {
        throw new AuthException(
          'TWO_FACTOR_NOT_ENABLED',
          'Sign in with two-factor yourself before requiring it from the administrators and accountants',
        );
      }
    }
    return this.db.run(communityId, async (tx) => {
      const before = await tx.store(CommunityStore).twoFactorRequired();
      await tx.store(CommunityStore).setTwoFactorRequired(required);
      if (before !== required)
        await this.audit.recordIn(tx, {
          actorUserId: principal.userId,
          action: 'update',
          entity: 'two-factor-policy',
          entityId: communityId,
          before: { required: before },
          after: { required },
        });
      return { required };
    });
  }

  private async factorOf(
    manager: EntityManager,
    userId: string,
    forUpdate = false,
  ): Promise<TwoFactorRow | undefined> {
    const rows = (await manager.query(
      `SELECT secret, confirmed_at, last_step FROM user_two_factor WHERE user_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [userId],
    )) as TwoFactorRow[];
    return rows[0];
  }

  /** A current TOTP code of the user's secret, used once: its time step must be later than the last one used. */
  private async acceptCode(
    manager: EntityManager,
    userId: string,
    code: string,
    unconfirmed = false,
  ): Promise<boolean> {
    const factor = await this.factorOf(manager, userId, true);
    if (!factor || (factor.confirmed_at === null && !unconfirmed) || !/^\d{6}$/.test(code)) return false;
    const result = await verify({
      secret: factor.secret,
      token: code,
      epochTolerance: EPOCH_TOLERANCE_SECONDS,
    });
    if (!result.valid) return false;
    // The matched time step (30-second counter), not the current one: a code of the previous step is its own.
    const step = 'timeStep' in result ? Number(result.timeStep) : Math.floor(Date.now() / 30_000);
    if (step <= Number(factor.last_step)) return false;
    await manager.query(`UPDATE user_two_factor SET last_step = $2 WHERE user_id = $1`, [userId, step]);
    return true;
  }

  private async spendRecoveryCode(manager: EntityManager, userId: string, code: string): Promise<boolean> {
    const rows = (await manager.query(
      `UPDATE two_factor_recovery_codes SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, hashSecret(normaliseRecoveryCode(code), this.config.JWT_REFRESH_SECRET)],
    )) as [unknown[], number];
    return rows[1] > 0;
  }

  private async replaceRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    await manager.query(`DELETE FROM two_factor_recovery_codes WHERE user_id = $1`, [userId]);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
    for (const code of codes) {
      await manager.query(
        `INSERT INTO two_factor_recovery_codes (id, user_id, code_hash) VALUES ($1, $2, $3)`,
        [randomUUID(), userId, hashSecret(code, this.config.JWT_REFRESH_SECRET)],
      );
    }
    return codes;
  }
}
