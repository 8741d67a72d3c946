import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { bearer, signUp, TEST_PASSWORD, uniqueEmail } from '../support/factories';

describe('authentication', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('signs a newcomer up as the administrator of a new community', async () => {
    const email = uniqueEmail();
    const response = await http()
      .post('/api/auth/signup')
      .send({
        email,
        password: TEST_PASSWORD,
        name: 'Jana',
        community: { name: 'Lomnice', type: 'energy-community' },
      })
      .expect(201);
    expect(response.body).toMatchObject({
      user: { email, name: 'Jana' },
      community: { name: 'Lomnice', type: 'energy-community' },
    });
    const me = await http().get('/api/me').set(bearer(response.body.accessToken)).expect(200);
    expect(me.body.memberships).toEqual([
      { communityId: response.body.community.id, role: 'community-admin', memberId: null },
    ]);
    const communities = await http()
      .get('/api/communities')
      .set(bearer(response.body.accessToken))
      .expect(200);
    expect(communities.body).toMatchObject([{ id: response.body.community.id, roles: ['community-admin'] }]);
  });

  it('refuses a second signup with the same e-mail', async () => {
    const community = await signUp(app);
    const response = await http()
      .post('/api/auth/signup')
      .send({
        email: community.adminEmail,
        password: TEST_PASSWORD,
        name: 'Again',
        community: { name: 'Other', type: 'active-customer' },
      })
      .expect(409);
    expect(response.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('validates the signup body with the contract error body', async () => {
    const response = await http()
      .post('/api/auth/signup')
      .send({ email: 'not-an-email', password: 'short', name: '', community: { name: 'X', type: 'club' } })
      .expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const fields = (response.body.error.details as { field: string }[]).map((detail) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'name', 'community.type']));
  });

  it('logs in with the right password and answers 401 to a wrong one', async () => {
    const community = await signUp(app);
    const ok = await http()
      .post('/api/auth/login')
      .send({ email: community.adminEmail, password: TEST_PASSWORD })
      .expect(200);
    expect(ok.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    const wrong = await http()
      .post('/api/auth/login')
      .send({ email: community.adminEmail, password: 'wrong password!' })
      .expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await http()
      .post('/api/auth/login')
      .send({ email: uniqueEmail(), password: TEST_PASSWORD })
      .expect(401);
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('rate-limits login attempts per e-mail', async () => {
    const community = await signUp(app);
    for (let attempt = 0; attempt < 5; attempt++) {
      await http()
        .post('/api/auth/login')
        .send({ email: community.adminEmail, password: 'guess number ' + attempt })
        .expect(401);
    }
    const blocked = await http()
      .post('/api/auth/login')
      .send({ email: community.adminEmail, password: TEST_PASSWORD })
      .expect(429);
    expect(blocked.body.error.code).toBe('TOO_MANY_REQUESTS');
  });

  it('keeps every route private unless it is public', async () => {
    const noToken = await http().get('/api/me').expect(401);
    expect(noToken.body.error.code).toBe('UNAUTHENTICATED');
    await http().get('/api/me').set(bearer('not.a.jwt')).expect(401);
    await http().get('/api/communities').expect(401);
    await http().get('/api/health').expect(200);
  });

  it('rotates refresh tokens: the new one works, the used one is refused', async () => {
    const community = await signUp(app);
    const first = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: community.adminRefreshToken })
      .expect(200);
    expect(first.body.refreshToken).not.toBe(community.adminRefreshToken);
    await http().get('/api/me').set(bearer(first.body.accessToken)).expect(200);
    const second = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(200);
    expect(second.body.accessToken).toEqual(expect.any(String));
  });

  it('revokes the whole token family when a used refresh token is presented again', async () => {
    const community = await signUp(app);
    const rotated = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: community.adminRefreshToken })
      .expect(200);
    const reuse = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: community.adminRefreshToken })
      .expect(401);
    expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    // The attacker's copy and the legitimate holder's newer tokens die together.
    const newer = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: rotated.body.refreshToken })
      .expect(401);
    expect(newer.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    await http().get('/api/me').set(bearer(rotated.body.accessToken)).expect(401);
    // Other sessions of the same user are untouched.
    const login = await http()
      .post('/api/auth/login')
      .send({ email: community.adminEmail, password: TEST_PASSWORD })
      .expect(200);
    await http().get('/api/me').set(bearer(login.body.accessToken)).expect(200);
  });

  it('refuses a forged refresh token', async () => {
    const community = await signUp(app);
    const [id] = community.adminRefreshToken.split('.');
    const forged = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: `${id}.${'A'.repeat(43)}` })
      .expect(401);
    expect(forged.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    await http().post('/api/auth/refresh').send({ refreshToken: 'garbage' }).expect(401);
  });

  it('logs out: the session’s access and refresh tokens stop working', async () => {
    const community = await signUp(app);
    await http().post('/api/auth/logout').set(bearer(community.adminToken)).expect(204);
    await http().get('/api/me').set(bearer(community.adminToken)).expect(401);
    const refresh = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: community.adminRefreshToken })
      .expect(401);
    expect(refresh.body.error.code).toBe('REFRESH_TOKEN_INVALID');
  });
});
