import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import {
  AuditLog,
  InvitationEntity,
  MembershipEntity,
  postgresError,
  UserEntity,
} from '@sdilna/api/data-access-registry';
import { CommunitiesService } from '@sdilna/api/feature-communities';
import { hashSecret, newSecret, type Principal, secretMatches, splitToken } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { mailLanguageNamed, MailOutbox, type MailLanguage, passwordResetMail } from '@sdilna/api/util-mail';
import { passwordResetLink, passwordResetRequestLink } from '@sdilna/shared/util-portal-routes';

import { AuthException } from './auth.exception';
import type {
  AcceptedInvitationView,
  AcceptInvitationDto,
  MeView,
  PasswordResetConfirmDto,
  SignupDto,
  SignupView,
  UserView,
} from './dtos/auth.dto';
import { PasswordHasher } from './password-hasher';
import { SessionTokens, type TokenPair } from './session-tokens';
import { SignInLimits } from './sign-in-limits';

const RESET_LIFETIME_MINUTES = 60;
const RESET_LIFETIME_MS = RESET_LIFETIME_MINUTES * 60 * 1000;
const MIN_NEW_PASSWORD = 10;

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toUserView(user: UserEntity): UserView {
  return { id: user.id, email: user.email, name: user.name, platformAdmin: user.platformAdmin };
}

/** A user id no account has: an unknown e-mail runs the reset statements against it and changes nothing. */
const NO_USER = '00000000-0000-0000-0000-000000000000';

/** Serialises the reset links of one account: two parallel requests must not leave two live links. */
async function lockResetsOf(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 8))`, [`password-reset:${userId}`]);
}

async function spendResetsOf(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [
    userId,
  ]);
}

/** Why a mailed link is refused (the error's `details.reason`): the portal says so and offers a new link. */
type LinkRefusal = 'invalid' | 'used' | 'expired' | 'revoked';

interface ResetRow {
  id: string;
  user_id: string;
  token_hash: Buffer;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly communities: CommunitiesService,
    private readonly sessions: SessionTokens,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly outbox: MailOutbox,
    private readonly config: AppConfig,
    private readonly limits: SignInLimits,
  ) {}

  /** A newcomer: the user, their community (with one sharing group) and the admin membership, in one transaction. */
  async signup(input: SignupDto): Promise<SignupView> {
    const email = normaliseEmail(input.email);
    const passwordHash = await this.passwords.hash(input.password);
    const communityId = randomUUID();
    const userId = randomUUID();
    try {
      return await this.db.run(communityId, async (tx) => {
        const { manager } = tx;
        const existing = await manager.findOne(UserEntity, { where: { email } });
        if (existing)
          throw new AuthException(
            'EMAIL_TAKEN',
            'An account with this e-mail exists; sign in and create the community from there',
          );
        await manager.insert(UserEntity, {
          id: userId,
          email,
          name: input.name,
          passwordHash,
          platformAdmin: false,
        });
        const community = await this.communities.createInTransaction(
          tx,
          communityId,
          input.community,
          userId,
        );
        const tokens = await this.sessions.open(manager, userId);
        return { ...tokens, user: { id: userId, email, name: input.name, platformAdmin: false }, community };
      });
    } catch (error) {
      // Two signups racing for one e-mail: the unique index decides, the loser gets the same answer.
      if (postgresError(error)?.constraint === 'users_email_key') {
        throw new AuthException('EMAIL_TAKEN', 'An account with this e-mail exists');
      }
      throw error;
    }
  }

  async verifyCredentials(email: string, password: string, address: string): Promise<UserEntity> {
    const normalised = normaliseEmail(email);
    // Counted as a failure from here on (so parallel guesses cannot outrun the count) unless it succeeds.
    const attempt = await this.limits.takeSignIn(normalised, address);
    const user = await this.db.runGlobal((manager) =>
      manager.findOne(UserEntity, { where: { email: normalised } }),
    );
    const valid = await this.passwords.verify(user?.passwordHash, password);
    if (!user || !valid) throw new AuthException('INVALID_CREDENTIALS', 'Wrong e-mail or password');
    await attempt.succeeded();
    return user;
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.sessions.rotate(refreshToken);
  }

  logout(principal: Principal): Promise<void> {
    return this.sessions.revokeSession(principal.sessionId, 'logout');
  }

  async me(principal: Principal): Promise<MeView> {
    return this.db.runForUser(principal.userId, async (manager) => {
      const user = await manager.findOneOrFail(UserEntity, { where: { id: principal.userId } });
      const memberships = await manager.find(MembershipEntity, {
        where: { userId: principal.userId },
        order: { communityId: 'ASC' },
      });
      const factor = (await manager.query(
        `SELECT confirmed_at IS NOT NULL AS enabled FROM user_two_factor WHERE user_id = $1`,
        [principal.userId],
      )) as Array<{ enabled: boolean }>;
      return {
        user: toUserView(user),
        memberships: memberships.map((m) => ({
          communityId: m.communityId,
          role: m.role,
          memberId: m.memberId,
        })),
        twoFactorEnabled: factor[0]?.enabled === true,
        twoFactorRequired: principal.twoFactorPending === true,
      };
    });
  }

  /**
   * Always the same answer, in the same time, so the endpoint does not tell which e-mails have accounts: the same
   * statements run for a known and an unknown e-mail, and the mail is sent after the answer (its SMTP round trip
   * took ~100 ms that only known accounts paid). A new link ends every earlier link of the account.
   */
  /** `language`: the one the request states (the portal's); otherwise the account's remembered language. */
  async requestPasswordReset(emailInput: string, address: string, language?: MailLanguage): Promise<void> {
    const email = normaliseEmail(emailInput);
    await this.limits.takeReset(email, address);
    const secret = newSecret();
    const resetId = randomUUID();
    const tokenHash = hashSecret(secret, this.config.JWT_REFRESH_SECRET);
    const user = await this.db.runGlobal(async (manager) => {
      const found = await manager.findOne(UserEntity, { where: { email } });
      // An unknown e-mail locks and updates nothing, through the same statements.
      const userId = found?.id ?? NO_USER;
      await lockResetsOf(manager, userId);
      await spendResetsOf(manager, userId);
      await manager.query(
        `INSERT INTO password_resets (id, user_id, token_hash, expires_at)
         SELECT $1, id, $3, $4 FROM users WHERE id = $2`,
        [resetId, userId, tokenHash, new Date(Date.now() + RESET_LIFETIME_MS)],
      );
      const stored = (await manager.query(`SELECT language FROM users WHERE id = $1`, [userId])) as Array<{
        language: string;
      }>;
      return found && { email: found.email, language: mailLanguageNamed(stored[0]?.language) };
    });
    if (!user) return;
    const token = `${resetId}.${secret}`;
    // Not awaited: the answer must not wait for Redis either (a known account would answer later than an unknown
    // one). The worker sends the mail; `enqueue` logs a failure and never rejects.
    void this.outbox.enqueue('password-reset', resetId, {
      to: user.email,
      ...passwordResetMail(language ?? user.language, {
        link: passwordResetLink(this.config.PUBLIC_URL, token),
        requestLink: passwordResetRequestLink(this.config.PUBLIC_URL),
        validMinutes: RESET_LIFETIME_MINUTES,
      }),
    });
  }

  /** Sets the new password, spends the link and ends every session of the account. */
  async confirmPasswordReset(input: PasswordResetConfirmDto): Promise<void> {
    const parts = splitToken(input.token, 1);
    const invalid = (reason: LinkRefusal = 'invalid') =>
      new AuthException(
        'RESET_TOKEN_INVALID',
        'The reset link is invalid, used or expired; ask for a new one',
        {
          reason,
        },
      );
    if (!parts) throw invalid();
    const passwordHash = await this.passwords.hash(input.password);
    await this.db.runGlobal(async (manager) => {
      const rows = (await manager.query(
        `UPDATE password_resets SET used_at = now()
          WHERE id = $1 AND used_at IS NULL AND expires_at > now()
          RETURNING id, user_id, token_hash`,
        [parts.ids[0]],
      )) as [ResetRow[], number];
      const row = rows[0][0];
      if (!row) throw invalid(await this.whyResetRefused(manager, parts.ids[0] ?? '', parts.secret));
      if (!secretMatches(parts.secret, row.token_hash, this.config.JWT_REFRESH_SECRET)) throw invalid();
      // Single use per account: using one link ends every other link of the account too.
      await lockResetsOf(manager, row.user_id);
      await spendResetsOf(manager, row.user_id);
      await manager.update(UserEntity, { id: row.user_id }, { passwordHash });
      await this.sessions.revokeAllOfUser(manager, row.user_id);
    });
  }

  /**
   * Remembers the language the person uses the portal in (the `Accept-Language` the portal sends), for the mails
   * the worker writes to them later. A request that states neither cs nor en leaves it as it is.
   */
  async rememberLanguage(userId: string, language: MailLanguage | undefined): Promise<void> {
    if (language === undefined) return;
    await this.db.runGlobal((manager) =>
      manager.query(`UPDATE users SET language = $2 WHERE id = $1 AND language <> $2`, [userId, language]),
    );
  }

  /** Why a reset link the UPDATE did not spend is refused, told only to the holder of the whole link. */
  private async whyResetRefused(manager: EntityManager, id: string, secret: string): Promise<LinkRefusal> {
    const rows = (await manager.query(
      `SELECT token_hash, used_at IS NOT NULL AS used FROM password_resets WHERE id = $1`,
      [id],
    )) as Array<{ token_hash: Buffer; used: boolean }>;
    const row = rows[0];
    if (!row || !secretMatches(secret, row.token_hash, this.config.JWT_REFRESH_SECRET)) return 'invalid';
    return row.used ? 'used' : 'expired';
  }

  /**
   * Spends an invitation: creates the account (or checks the existing account's password) and adds the
   * membership. The link names its community, so the invitation is read under that tenant's policy.
   */
  async acceptInvitation(
    input: AcceptInvitationDto,
    language?: MailLanguage,
  ): Promise<AcceptedInvitationView> {
    const parts = splitToken(input.token, 2);
    const invalid = (reason: LinkRefusal = 'invalid') =>
      new AuthException('INVITATION_INVALID', 'The invitation link is invalid, used, revoked or expired', {
        reason,
      });
    if (!parts) throw invalid();
    const [communityId = '', invitationId = ''] = parts.ids;
    const newPasswordHash =
      input.password.length >= MIN_NEW_PASSWORD ? await this.passwords.hash(input.password) : undefined;
    return this.db.run(communityId, async ({ manager }) => {
      const invitation = await manager
        .createQueryBuilder(InvitationEntity, 'invitation')
        .setLock('pessimistic_write')
        .where('invitation.id = :invitationId', { invitationId })
        .getOne();
      // Only the holder of the whole link learns why it no longer works (the page then says what to do).
      if (!invitation || !secretMatches(parts.secret, invitation.tokenHash, this.config.JWT_REFRESH_SECRET))
        throw invalid();
      if (invitation.acceptedAt !== null) throw invalid('used');
      if (invitation.revokedAt !== null) throw invalid('revoked');
      if (invitation.expiresAt.getTime() <= Date.now()) throw invalid('expired');
      let user = await manager.findOne(UserEntity, { where: { email: invitation.email } });
      if (user) {
        if (!(await this.passwords.verify(user.passwordHash, input.password))) {
          throw new AuthException(
            'INVALID_CREDENTIALS',
            'This e-mail has an account: give its password to accept',
          );
        }
      } else {
        if (input.name === undefined)
          throw new AuthException('INVALID_CREDENTIALS', 'A new account needs a name');
        if (newPasswordHash === undefined)
          throw new AuthException(
            'INVALID_CREDENTIALS',
            `A new password needs at least ${MIN_NEW_PASSWORD} characters`,
          );
        const created = {
          id: randomUUID(),
          email: invitation.email,
          name: input.name,
          passwordHash: newPasswordHash,
          platformAdmin: false,
        };
        await manager.insert(UserEntity, created);
        user = { ...created, createdAt: new Date() };
      }
      await manager
        .createQueryBuilder()
        .insert()
        .into(MembershipEntity)
        .values({ communityId, userId: user.id, role: invitation.role, memberId: invitation.memberId })
        .orIgnore()
        .execute();
      await manager.update(
        InvitationEntity,
        { communityId, id: invitationId },
        { acceptedAt: new Date(), acceptedBy: user.id },
      );
      if (language !== undefined)
        await manager.query(`UPDATE users SET language = $2 WHERE id = $1`, [user.id, language]);
      await this.audit.record(manager, {
        communityId,
        actorUserId: user.id,
        action: 'accept',
        entity: 'invitation',
        entityId: invitationId,
      });
      const tokens = await this.sessions.open(manager, user.id);
      return { ...tokens, communityId, role: invitation.role };
    });
  }
}
