import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  claimsOf,
  expectRefusal,
  ownerRows,
  serviceModule,
  signUpAdmin,
  type SignedUp,
} from '@sdilna/test-support/service-module';
import type { AuthException } from './auth.exception';
import { AuthModule } from './auth.module';
import { AuthService } from './auth.service';
import { ACCOUNT_FAILURE_LIMIT } from './sign-in-limits';
import { TwoFactorService } from './two-factor.service';

describe('AuthService and TwoFactorService (service tier)', () => {
  let moduleRef: TestingModule;
  let auth: AuthService;
  let twoFactor: TwoFactorService;
  let admin: SignedUp;

  beforeAll(async () => {
    moduleRef = await serviceModule(AuthModule);
    auth = moduleRef.get(AuthService);
    twoFactor = moduleRef.get(TwoFactorService);
    admin = await signUpAdmin(moduleRef);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  it('signs up the user, the community and the admin membership in one transaction', async () => {
    const me = await auth.me(admin.principal);
    expect(me.user.email).toBe(admin.email);
    expect(me.memberships).toEqual([
      { communityId: admin.communityId, role: 'community-admin', memberId: null },
    ]);
    expect(me.twoFactorEnabled).toBe(false);
  });

  it('refuses a second account for the same e-mail, whatever its case (EMAIL_TAKEN), and creates no community', async () => {
    const twinName = `Twin community ${randomUUID()}`;
    await expectRefusal(
      auth.signup({
        email: admin.email.toUpperCase(),
        password: admin.password,
        name: 'Twin',
        community: { type: 'energy-community', name: twinName },
      }),
      'EMAIL_TAKEN',
    );
    // looked for by its name, not by counting all: other files sign up communities in parallel
    expect(await ownerRows(`SELECT count(*)::int AS n FROM communities WHERE name = $1`, [twinName])).toEqual(
      [{ n: 0 }],
    );
  });

  it('checks the password (INVALID_CREDENTIALS) and locks the account after too many failures, even for the right password', async () => {
    const user = await signUpAdmin(moduleRef);
    const address = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    expect((await auth.verifyCredentials(user.email, user.password, address)).id).toBe(user.principal.userId);
    for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT; attempt++)
      await expectRefusal(
        auth.verifyCredentials(user.email, 'wrong password!', address),
        'INVALID_CREDENTIALS',
      );
    await expectRefusal(auth.verifyCredentials(user.email, user.password, address), 'TOO_MANY_ATTEMPTS');
  });

  it('lets only the limit of a burst of parallel wrong passwords reach the password check, and refuses the rest as locked', async () => {
    const user = await signUpAdmin(moduleRef);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 * ACCOUNT_FAILURE_LIMIT }, (_, attempt) =>
        auth.verifyCredentials(user.email, `wrong guess ${attempt}`, `192.0.2.${(attempt % 200) + 1}`),
      ),
    );
    const codes = outcomes.map((outcome) =>
      outcome.status === 'rejected' ? (outcome.reason as AuthException).code : 'SIGNED_IN',
    );
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(ACCOUNT_FAILURE_LIMIT);
    expect(codes.filter((code) => code === 'TOO_MANY_ATTEMPTS')).toHaveLength(2 * ACCOUNT_FAILURE_LIMIT);
    await expectRefusal(
      auth.verifyCredentials(user.email, user.password, '192.0.2.250'),
      'TOO_MANY_ATTEMPTS',
    );
  });

  it('rotates a refresh token once; its reuse ends the session (REFRESH_TOKEN_REUSED)', async () => {
    const user = await signUpAdmin(moduleRef);
    const rotated = await auth.refresh(user.refreshToken);
    expect(claimsOf(rotated.accessToken).sid).toBe(user.principal.sessionId);
    await expectRefusal(auth.refresh(user.refreshToken), 'REFRESH_TOKEN_REUSED');
    // the whole family is gone: the token issued by the rotation no longer works either
    await expectRefusal(auth.refresh(rotated.refreshToken), 'REFRESH_TOKEN_INVALID');
    const [session] = await ownerRows<{ revoked_reason: string }>(
      `SELECT revoked_reason FROM sessions WHERE id = $1`,
      [user.principal.sessionId],
    );
    expect(session?.revoked_reason).toBe('token-reuse');
  });

  it('ends the session on logout: its refresh token is refused', async () => {
    const user = await signUpAdmin(moduleRef);
    await auth.logout(user.principal);
    await expectRefusal(auth.refresh(user.refreshToken), 'REFRESH_TOKEN_INVALID');
    expect((await twoFactor.listSessions(user.principal)).map((s) => s.id)).not.toContain(
      user.principal.sessionId,
    );
  });

  it('refuses malformed or unknown reset and invitation tokens', async () => {
    await expectRefusal(
      auth.confirmPasswordReset({ token: 'nonsense', password: 'a new password 1' }),
      'RESET_TOKEN_INVALID',
    );
    await expectRefusal(
      auth.confirmPasswordReset({ token: `${randomUUID()}.secret`, password: 'a new password 1' }),
      'RESET_TOKEN_INVALID',
    );
    await expectRefusal(
      auth.acceptInvitation({
        token: `${admin.communityId}.${randomUUID()}.secret`,
        password: 'whatever 1234',
      }),
      'INVITATION_INVALID',
    );
  });

  it('answers a reset request the same way for unknown e-mails and stores a link only for an account', async () => {
    const user = await signUpAdmin(moduleRef);
    await auth.requestPasswordReset(user.email, '198.51.100.7');
    await auth.requestPasswordReset(`nobody-${randomUUID()}@test.sdilna.example`, '198.51.100.7');
    const rows = await ownerRows(`SELECT 1 FROM password_resets WHERE user_id = $1`, [user.principal.userId]);
    expect(rows).toHaveLength(1);
  });

  it('signs in without a second factor straight to tokens, and refuses codes before enrolment', async () => {
    const user = await signUpAdmin(moduleRef);
    const answer = await twoFactor.signIn(user.principal.userId, {});
    expect(answer).toHaveProperty('accessToken');
    await expectRefusal(twoFactor.confirm(user.principal, '123456'), 'TWO_FACTOR_NOT_ENABLED');
    await expectRefusal(
      twoFactor.regenerateRecoveryCodes(user.principal, '123456'),
      'TWO_FACTOR_NOT_ENABLED',
    );
    expect(await twoFactor.status(user.principal.userId)).toBe(false);
  });

  it('revokes only the caller’s own live sessions (SESSION_NOT_FOUND otherwise)', async () => {
    const user = await signUpAdmin(moduleRef);
    await expectRefusal(
      twoFactor.revokeSession(user.principal, admin.principal.sessionId),
      'SESSION_NOT_FOUND',
    );
    expect((await twoFactor.listSessions(admin.principal)).map((s) => s.id)).toContain(
      admin.principal.sessionId,
    );
  });
});
