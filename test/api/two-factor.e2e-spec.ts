import type { INestApplication } from '@nestjs/common';
import { generate } from 'otplib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { bearer, createMember, signUp, TEST_PASSWORD, type TestCommunity } from '../support/factories';
import { withOwner } from '../support/owner-database';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('two-factor');

/** The code an authenticator app shows `offsetSteps` 30-second steps from now. */
function codeOf(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

describe('two-factor sign-in and sessions', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  /** Enrols the community's administrator; returns the secret, the recovery codes and the new access token. */
  async function enrol(
    token: string,
  ): Promise<{ secret: string; recoveryCodes: string[]; accessToken: string }> {
    const started = await http().post('/api/auth/two-factor/enrollment').set(bearer(token)).expect(201);
    const { secret, otpauthUri, qrCode } = started.body as {
      secret: string;
      otpauthUri: string;
      qrCode: string;
    };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Sd%C3%ADlna:.*secret=[A-Z2-7]+/);
    expect(qrCode).toMatch(/^data:image\/png;base64,/);
    const wrong = await http()
      .post('/api/auth/two-factor/enrollment/confirm')
      .set(bearer(token))
      .send({ code: (Number(await codeOf(secret)) + 1).toString().padStart(6, '0').slice(-6) });
    expect(wrong.status).toBe(401);
    const confirmed = await http()
      .post('/api/auth/two-factor/enrollment/confirm')
      .set(bearer(token))
      .send({ code: await codeOf(secret) })
      .expect(200);
    return { secret, ...(confirmed.body as { recoveryCodes: string[]; accessToken: string }) };
  }

  function login(email: string, password = TEST_PASSWORD) {
    return http().post('/api/auth/login').set('User-Agent', 'Sdilna test browser').send({ email, password });
  }

  it('signs in with a password and then a code; a code works once, a recovery code works once', async () => {
    const community = await signUp(app);
    const { secret, recoveryCodes } = await enrol(community.adminToken);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const first = await login(community.adminEmail).expect(200);
    expect(first.body).toEqual({ twoFactorRequired: true, challengeToken: expect.any(String) });
    expect(first.body.accessToken).toBeUndefined();
    const code = await codeOf(secret, 1);
    const signedIn = await http()
      .post('/api/auth/login/two-factor')
      .send({ challengeToken: first.body.challengeToken, code })
      .expect(200);
    await http().get('/api/me').set(bearer(signedIn.body.accessToken)).expect(200);
    // The challenge is spent, and the same code does not open a second session.
    await http()
      .post('/api/auth/login/two-factor')
      .send({ challengeToken: first.body.challengeToken, code })
      .expect(401);
    const second = await login(community.adminEmail).expect(200);
    const replay = await http()
      .post('/api/auth/login/two-factor')
      .send({ challengeToken: second.body.challengeToken, code })
      .expect(401);
    expect(replay.body.error.code).toBe('TWO_FACTOR_CODE_INVALID');

    const withRecovery = await http()
      .post('/api/auth/login/two-factor')
      .send({ challengeToken: second.body.challengeToken, recoveryCode: recoveryCodes[0] })
      .expect(200);
    expect(withRecovery.body.accessToken).toEqual(expect.any(String));
    const third = await login(community.adminEmail).expect(200);
    await http()
      .post('/api/auth/login/two-factor')
      .send({ challengeToken: third.body.challengeToken, recoveryCode: recoveryCodes[0] })
      .expect(401);
  });

  it('spends a sign-in challenge after five wrong codes', async () => {
    const community = await signUp(app);
    const { secret } = await enrol(community.adminToken);
    const challenge = (await login(community.adminEmail).expect(200)).body.challengeToken as string;
    for (let attempt = 0; attempt < 5; attempt++) {
      await http()
        .post('/api/auth/login/two-factor')
        .send({ challengeToken: challenge, code: '000000' })
        .expect(401);
    }
    const attempts = await withOwner(
      async (connection) =>
        (await connection.query(`SELECT attempts FROM sign_in_challenges WHERE id = $1`, [
          challenge.split('.')[0],
        ])) as Array<{ attempts: number }>,
    );
    expect(attempts[0]?.attempts).toBe(5);
    // The right code no longer opens it (the per-minute throttle of the route may answer first).
    const spent = await http()
      .post('/api/auth/login/two-factor')
      .send({ challengeToken: challenge, code: await codeOf(secret, 1) });
    expect([401, 429]).toContain(spent.status);
    expect(spent.body.accessToken).toBeUndefined();
  });

  it('makes a community require two factors of its administrators and accountants', async () => {
    const community = await signUp(app);
    const policy = `/api/communities/${community.communityId}/two-factor-policy`;
    // An administrator without a second factor cannot require one.
    const refused = await http()
      .put(policy)
      .set(bearer(community.adminToken))
      .send({ required: true })
      .expect(409);
    expect(refused.body.error.code).toBe('TWO_FACTOR_NOT_ENABLED');
    const { accessToken } = await enrol(community.adminToken);
    await http().put(policy).set(bearer(accessToken)).send({ required: true }).expect(200);
    expect((await http().get(policy).set(bearer(accessToken)).expect(200)).body).toEqual({ required: true });
    const audit = await http()
      .get(`/api/communities/${community.communityId}/audit-log?entity=two-factor-policy`)
      .set(bearer(accessToken))
      .expect(200);
    expect(audit.body.items).toMatchObject([
      {
        action: 'update',
        actorUserId: community.adminUserId,
        before: { required: false },
        after: { required: true },
      },
    ]);

    // An accountant of the community signs in with the password alone: only enrolment is open to them.
    const accountant = await accountantOf(community);
    const restricted = (await login(accountant.email).expect(200)).body.accessToken as string;
    const blocked = await http()
      .get(`/api/communities/${community.communityId}/members`)
      .set(bearer(restricted))
      .expect(403);
    expect(blocked.body.error.code).toBe('TWO_FACTOR_REQUIRED');
    await http()
      .get(`/api/communities/${community.communityId}/sharing/groups`)
      .query({ from: '2026-01-01', to: '2026-01-31' })
      .set(bearer(restricted))
      .expect(403);
    const me = await http().get('/api/me').set(bearer(restricted)).expect(200);
    expect(me.body).toMatchObject({ twoFactorEnabled: false, twoFactorRequired: true });
    const enrolled = await enrol(restricted);
    await http()
      .get(`/api/communities/${community.communityId}/members`)
      .set(bearer(enrolled.accessToken))
      .expect(200);
    // A plain member is not asked for a second factor.
    await http().put(policy).set(bearer(accessToken)).send({ required: false }).expect(200);
  });

  it('lists the live sessions of the caller and ends one of them', async () => {
    const community = await signUp(app);
    const other = await login(community.adminEmail).expect(200);
    const listed = await http().get('/api/auth/sessions').set(bearer(community.adminToken)).expect(200);
    const sessions = listed.body as Array<{
      id: string;
      current: boolean;
      userAgent?: string;
      twoFactor: boolean;
    }>;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    const otherSession = sessions.find((session) => !session.current);
    expect(otherSession, JSON.stringify(sessions)).toMatchObject({
      userAgent: 'Sdilna test browser',
      twoFactor: false,
    });
    await http().get('/api/me').set(bearer(other.body.accessToken)).expect(200);
    await http()
      .delete(`/api/auth/sessions/${otherSession?.id}`)
      .set(bearer(community.adminToken))
      .expect(204);
    await http().get('/api/me').set(bearer(other.body.accessToken)).expect(401);
    await http().post('/api/auth/refresh').send({ refreshToken: other.body.refreshToken }).expect(401);
    // Someone else's session is not found.
    const stranger = await signUp(app);
    const theirs = (await http().get('/api/auth/sessions').set(bearer(stranger.adminToken)).expect(200))
      .body[0].id;
    await http().delete(`/api/auth/sessions/${theirs}`).set(bearer(community.adminToken)).expect(404);
    await http().get('/api/me').set(bearer(stranger.adminToken)).expect(200);
  });

  /** A user who keeps the accounts of the community (municipality accountant), with the test password. */
  async function accountantOf(community: TestCommunity): Promise<{ email: string }> {
    const municipality = await createMember(app, community, { kind: 'municipality', ico: '00245381' });
    const helper = await signUp(app);
    await withOwner((connection) =>
      connection.query(
        `INSERT INTO memberships (community_id, user_id, role, member_id) VALUES ($1, $2, 'municipality-accountant', $3)`,
        [community.communityId, helper.adminUserId, municipality.id],
      ),
    );
    return { email: helper.adminEmail };
  }
});
