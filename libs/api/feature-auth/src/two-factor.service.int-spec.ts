import type { TestingModule } from '@nestjs/testing';
import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  expectRefusal,
  ownerRows,
  signUpAdmin,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';
import { AuthModule } from './auth.module';
import { TwoFactorService } from './two-factor.service';

/** A code of the authenticator an hour ago: well outside the accepted window of one step either side. */
async function staleCode(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) - 3600 });
}

describe('TwoFactorService (service tier)', () => {
  let moduleRef: TestingModule;
  let twoFactor: TwoFactorService;
  /** an administrator of their own community who turns on two-factor sign-in in the first test */
  let enrolled: SignedUp;
  let secret: string;
  let confirmingCode: string;
  let recoveryCodes: string[];

  const frame = useServiceModule(AuthModule);

  beforeAll(async () => {
    moduleRef = frame.moduleRef;
    twoFactor = moduleRef.get(TwoFactorService);
    enrolled = await signUpAdmin(moduleRef);
  });

  it('confirms the authenticator with a current code: this session counts as two-factor, the others end', async () => {
    // a second session, opened with the password alone before the factor was on
    const other = await twoFactor.signIn(enrolled.principal.userId, {});
    expect(other).toHaveProperty('accessToken');
    ({ secret } = await twoFactor.enroll(enrolled.principal));
    await expectRefusal(
      twoFactor.confirm(enrolled.principal, await staleCode(secret)),
      'TWO_FACTOR_CODE_INVALID',
    );
    expect(await twoFactor.status(enrolled.principal.userId)).toBe(false);
    confirmingCode = await generate({ secret });
    ({ recoveryCodes } = await twoFactor.confirm(enrolled.principal, confirmingCode));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
    expect(await twoFactor.status(enrolled.principal.userId)).toBe(true);
    const sessions = await twoFactor.listSessions(enrolled.principal);
    expect(sessions.map((session) => [session.id, session.twoFactor, session.current])).toEqual([
      [enrolled.principal.sessionId, true, true],
    ]);
    await expectRefusal(twoFactor.enroll(enrolled.principal), 'TWO_FACTOR_ALREADY_ENABLED');
  });

  it('signs in in two steps: a code is accepted once, a recovery code opens one session once', async () => {
    const challenge = await twoFactor.signIn(enrolled.principal.userId, {});
    expect(challenge).toMatchObject({ twoFactorRequired: true });
    const token = (challenge as { challengeToken: string }).challengeToken;
    // the code that confirmed the authenticator has been used
    await expectRefusal(
      twoFactor.completeSignIn(token, confirmingCode, undefined),
      'TWO_FACTOR_CODE_INVALID',
    );
    // typed in capitals with spaces around, as people copy codes
    const pair = await twoFactor.completeSignIn(token, undefined, `  ${recoveryCodes[0]!.toUpperCase()} `);
    expect(pair).toHaveProperty('accessToken');
    await expectRefusal(
      twoFactor.completeSignIn(token, undefined, recoveryCodes[1]),
      'TWO_FACTOR_CHALLENGE_INVALID',
    );
    const next = (await twoFactor.signIn(enrolled.principal.userId, {})) as { challengeToken: string };
    await expectRefusal(
      twoFactor.completeSignIn(next.challengeToken, undefined, recoveryCodes[0]),
      'TWO_FACTOR_CODE_INVALID',
    );
    const [used] = await ownerRows<{ used: number }>(
      `SELECT count(*)::int AS used FROM two_factor_recovery_codes WHERE user_id = $1 AND used_at IS NOT NULL`,
      [enrolled.principal.userId],
    );
    expect(used?.used).toBe(1);
  });

  it('spends a challenge after five wrong codes: even a good recovery code is refused then', async () => {
    const { challengeToken } = (await twoFactor.signIn(enrolled.principal.userId, {})) as {
      challengeToken: string;
    };
    const wrong = await staleCode(secret);
    for (let attempt = 0; attempt < 5; attempt++)
      await expectRefusal(
        twoFactor.completeSignIn(challengeToken, wrong, undefined),
        'TWO_FACTOR_CODE_INVALID',
      );
    await expectRefusal(
      twoFactor.completeSignIn(challengeToken, undefined, recoveryCodes[2]),
      'TWO_FACTOR_CHALLENGE_INVALID',
    );
    await expectRefusal(
      twoFactor.completeSignIn('not-a-token', '123456', undefined),
      'TWO_FACTOR_CHALLENGE_INVALID',
    );
  });

  it('lets only an administrator signed in with two factors require them (TWO_FACTOR_NOT_ENABLED)', async () => {
    const passwordOnly = frame.admin;
    await expectRefusal(
      twoFactor.setPolicy(passwordOnly.principal, passwordOnly.communityId, true),
      'TWO_FACTOR_NOT_ENABLED',
    );
    expect(await twoFactor.policy(passwordOnly.communityId)).toEqual({ required: false });
    expect(await twoFactor.setPolicy(enrolled.principal, enrolled.communityId, true)).toEqual({
      required: true,
    });
    expect(await twoFactor.policy(enrolled.communityId)).toEqual({ required: true });
    const audit = await ownerRows<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_log WHERE community_id = $1 AND entity = 'two-factor-policy'`,
      [enrolled.communityId],
    );
    expect(audit).toEqual([{ before: { required: false }, after: { required: true } }]);
  });

  it('turns two-factor off only for the password and a code, and not while a community of the user requires it', async () => {
    const second = { recoveryCode: recoveryCodes[3]! };
    // the previous test made the user's own community require a second factor
    await expectRefusal(
      twoFactor.disable(enrolled.principal, enrolled.password, second),
      'TWO_FACTOR_REQUIRED_BY_COMMUNITY',
    );
    await twoFactor.setPolicy(enrolled.principal, enrolled.communityId, false);
    await expectRefusal(
      twoFactor.disable(enrolled.principal, `${enrolled.password}x`, second),
      'PASSWORD_INVALID',
    );
    await expectRefusal(
      twoFactor.disable(enrolled.principal, enrolled.password, { code: await staleCode(secret) }),
      'TWO_FACTOR_CODE_INVALID',
    );
    await expectRefusal(
      twoFactor.disable(enrolled.principal, enrolled.password, {}),
      'TWO_FACTOR_CODE_INVALID',
    );
    expect(await twoFactor.status(enrolled.principal.userId)).toBe(true);

    await twoFactor.disable(enrolled.principal, enrolled.password, second);
    expect(await twoFactor.status(enrolled.principal.userId)).toBe(false);
    const [left] = await ownerRows<{ codes: number; factors: number; twoFactorSessions: number }>(
      `SELECT (SELECT count(*)::int FROM two_factor_recovery_codes WHERE user_id = $1) AS codes,
              (SELECT count(*)::int FROM user_two_factor WHERE user_id = $1) AS factors,
              (SELECT count(*)::int FROM sessions WHERE user_id = $1 AND two_factor) AS "twoFactorSessions"`,
      [enrolled.principal.userId],
    );
    expect(left).toEqual({ codes: 0, factors: 0, twoFactorSessions: 0 });
    // the password alone signs in again
    expect(await twoFactor.signIn(enrolled.principal.userId, {})).toHaveProperty('accessToken');
    await expectRefusal(
      twoFactor.disable(enrolled.principal, enrolled.password, second),
      'TWO_FACTOR_NOT_ENABLED',
    );
  });
});
