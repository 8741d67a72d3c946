import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import {
  bearer,
  create,
  createMember,
  createPoint,
  signUp,
  TEST_PASSWORD,
  type TestCommunity,
  uniqueEmail,
} from '../support/factories';
import { MailCatcher, tokenIn } from '../support/mail-catcher';
import { withOwner } from '../support/owner-database';

describe('invitations and password reset (mail through a real SMTP server)', () => {
  let app: INestApplication;
  const mail = new MailCatcher();

  beforeAll(async () => {
    // The mailer reads AppConfig, which reads the environment when the application is created.
    process.env['SMTP_URL'] = await mail.start();
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
    await mail.stop();
  });

  const http = () => request(app.getHttpServer());

  async function invite(
    community: TestCommunity,
    body: { email: string; role: string; memberId?: string },
  ): Promise<string> {
    const response = await http()
      .post(`/api/communities/${community.communityId}/invitations`)
      .set(bearer(community.adminToken))
      .send(body)
      .expect(201);
    expect(response.body).toMatchObject({
      email: body.email,
      role: body.role,
      status: 'pending',
      mailQueued: true,
    });
    expect(JSON.stringify(response.body)).not.toContain('token');
    return tokenIn(await mail.lastTo(body.email));
  }

  it('invites a member by mail; the link creates the account, works once, and the member sees only its own record and points', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community, { name: 'Household Novák' });
    const other = await createMember(app, community, { name: 'Household Svoboda' });
    const ownPoint = await createPoint(app, community, { role: 'consumption', memberId: member.id });
    const otherPoint = await createPoint(app, community, { role: 'consumption', memberId: other.id });
    const email = uniqueEmail('member');
    const token = await invite(community, { email, role: 'member', memberId: member.id });
    const message = await mail.lastTo(email);
    expect(message.text).toContain('/auth/invitation?token=');

    const accepted = await http()
      .post('/api/auth/invitations/accept')
      .send({ token, password: TEST_PASSWORD, name: 'Petr Novák' })
      .expect(200);
    expect(accepted.body).toMatchObject({ communityId: community.communityId, role: 'member' });
    const again = await http()
      .post('/api/auth/invitations/accept')
      .send({ token, password: TEST_PASSWORD, name: 'Petr Novák' })
      .expect(404);
    expect(again.body.error.code).toBe('INVITATION_INVALID');

    const memberToken = accepted.body.accessToken as string;
    const me = await http().get('/api/me').set(bearer(memberToken)).expect(200);
    expect(me.body.memberships).toEqual([
      { communityId: community.communityId, role: 'member', memberId: member.id },
    ]);
    const base = `/api/communities/${community.communityId}`;
    const members = await http().get(`${base}/members`).set(bearer(memberToken)).expect(200);
    expect(members.body.items.map((m: { id: string }) => m.id)).toEqual([member.id]);
    await http().get(`${base}/members/${other.id}`).set(bearer(memberToken)).expect(404);
    const points = await http().get(`${base}/metering-points`).set(bearer(memberToken)).expect(200);
    expect(points.body.items.map((p: { id: string }) => p.id)).toEqual([ownPoint.id]);
    await http().get(`${base}/metering-points/${otherPoint.id}`).set(bearer(memberToken)).expect(404);
    const forbidden = await http()
      .post(`${base}/members`)
      .set(bearer(memberToken))
      .send({ name: 'X', kind: 'household' })
      .expect(403);
    expect(forbidden.body.error.code).toBe('ROLE_FORBIDDEN');
    // The role guard answers before the body is validated, so a member learns nothing about the schema.
    const invalidBody = await http()
      .post(`${base}/members`)
      .set(bearer(memberToken))
      .send({ kind: 'club' })
      .expect(403);
    expect(invalidBody.body.error.code).toBe('ROLE_FORBIDDEN');
    await http().get(`${base}/allocation-keys`).set(bearer(memberToken)).expect(403);
  });

  it('lets a municipality accountant see the municipality and its units, nothing else', async () => {
    const community = await signUp(app);
    const town = await create(app, community, 'members', { name: 'Obec', kind: 'municipality' });
    const school = await create(app, community, 'members', {
      name: 'ZŠ',
      kind: 'municipal-unit',
      parentMemberId: town.id,
    });
    await createMember(app, community, { name: 'Household' });
    const email = uniqueEmail('accountant');
    const token = await invite(community, { email, role: 'municipality-accountant', memberId: town.id });
    const accepted = await http()
      .post('/api/auth/invitations/accept')
      .send({ token, password: TEST_PASSWORD, name: 'Účetní' })
      .expect(200);
    const visible = await http()
      .get(`/api/communities/${community.communityId}/members`)
      .set(bearer(accepted.body.accessToken))
      .expect(200);
    expect(visible.body.items.map((m: { id: string }) => m.id).sort()).toEqual([town.id, school.id].sort());
  });

  it('refuses an accountant invitation for a member that is not a municipality', async () => {
    const community = await signUp(app);
    const household = await createMember(app, community);
    const response = await http()
      .post(`/api/communities/${community.communityId}/invitations`)
      .set(bearer(community.adminToken))
      .send({ email: uniqueEmail(), role: 'municipality-accountant', memberId: household.id })
      .expect(422);
    expect(response.body.error.code).toBe('ACCOUNTANT_NEEDS_MUNICIPALITY');
  });

  it('adds a membership to an existing account when its password is given', async () => {
    const community = await signUp(app);
    const other = await signUp(app);
    const token = await invite(community, { email: other.adminEmail, role: 'community-admin' });
    const wrong = await http()
      .post('/api/auth/invitations/accept')
      .send({ token, password: 'not the password' })
      .expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    await http().post('/api/auth/invitations/accept').send({ token, password: TEST_PASSWORD }).expect(200);
    const communities = await http().get('/api/communities').set(bearer(other.adminToken)).expect(200);
    expect(communities.body.map((c: { id: string }) => c.id).sort()).toEqual(
      [community.communityId, other.communityId].sort(),
    );
  });

  it('refuses an expired or revoked invitation', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community);
    const expiredEmail = uniqueEmail('late');
    const expired = await invite(community, { email: expiredEmail, role: 'member', memberId: member.id });
    const [, invitationId] = expired.split('.');
    await withOwner((client) =>
      client.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        invitationId,
      ]),
    );
    await http()
      .post('/api/auth/invitations/accept')
      .send({ token: expired, password: TEST_PASSWORD, name: 'Late' })
      .expect(404);

    const revokedEmail = uniqueEmail('revoked');
    const revoked = await invite(community, { email: revokedEmail, role: 'member', memberId: member.id });
    const [, revokedId] = revoked.split('.');
    await http()
      .delete(`/api/communities/${community.communityId}/invitations/${revokedId}`)
      .set(bearer(community.adminToken))
      .expect(204);
    await http()
      .post('/api/auth/invitations/accept')
      .send({ token: revoked, password: TEST_PASSWORD, name: 'Revoked' })
      .expect(404);
    const list = await http()
      .get(`/api/communities/${community.communityId}/invitations`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(list.body.map((i: { status: string }) => i.status).sort()).toEqual(['expired', 'revoked']);
  });

  it('refuses a tampered invitation token', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community);
    const token = await invite(community, { email: uniqueEmail(), role: 'member', memberId: member.id });
    const [communityId, invitationId] = token.split('.');
    await http()
      .post('/api/auth/invitations/accept')
      .send({ token: `${communityId}.${invitationId}.${'x'.repeat(43)}`, password: TEST_PASSWORD, name: 'X' })
      .expect(404);
  });

  it('resets a password by mail link, ends old sessions, and the link works once', async () => {
    const community = await signUp(app);
    await http().post('/api/auth/password-reset').send({ email: community.adminEmail }).expect(202);
    const token = tokenIn(await mail.lastTo(community.adminEmail));
    const newPassword = 'a brand new password';
    await http().post('/api/auth/password-reset/confirm').send({ token, password: newPassword }).expect(204);
    const reused = await http()
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'yet another password' })
      .expect(400);
    expect(reused.body.error.code).toBe('RESET_TOKEN_INVALID');
    await http().get('/api/me').set(bearer(community.adminToken)).expect(401);
    await http().post('/api/auth/refresh').send({ refreshToken: community.adminRefreshToken }).expect(401);
    await http()
      .post('/api/auth/login')
      .send({ email: community.adminEmail, password: TEST_PASSWORD })
      .expect(401);
    await http()
      .post('/api/auth/login')
      .send({ email: community.adminEmail, password: newPassword })
      .expect(200);
  });

  it('answers a reset request for an unknown e-mail exactly like a known one and sends nothing', async () => {
    const email = uniqueEmail('nobody');
    const response = await http().post('/api/auth/password-reset').send({ email }).expect(202);
    expect(response.body).toEqual({ status: 'accepted' });
    expect(mail.messages.some((message) => message.to.includes(email))).toBe(false);
  });
  it('mails in the language of the portal that asked: Czech by default with the role in Czech, English on request', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community);
    const czech = uniqueEmail('czech');
    await invite(community, { email: czech, role: 'member', memberId: member.id });
    const inCzech = (await mail.lastTo(czech)).text;
    expect(inCzech).toContain('ve Sdílně jako člen.');
    expect(inCzech).toContain('Pozvánku přijmete a účet si založíte zde:');
    expect(inCzech).not.toMatch(/role|member|invited|Accept/);

    const english = uniqueEmail('english');
    await http()
      .post(`/api/communities/${community.communityId}/invitations`)
      .set(bearer(community.adminToken))
      .set('Accept-Language', 'en')
      .send({ email: english, role: 'community-admin' })
      .expect(201);
    const inEnglish = (await mail.lastTo(english)).text;
    expect(inEnglish).toContain('on Sdílna as an administrator.');
    expect(inEnglish).toContain(`/auth/invitation?token=`);
    expect(inEnglish).not.toMatch(/pozván|Pozvánk|community-admin/);

    await http()
      .post('/api/auth/password-reset')
      .set('Accept-Language', 'en-GB,en;q=0.9,cs;q=0.5')
      .send({ email: community.adminEmail })
      .expect(202);
    const resetInEnglish = (await mail.lastTo(community.adminEmail)).text;
    expect(resetInEnglish).toContain('set a new password for your Sdílna account here');
    expect(resetInEnglish).toContain('/auth/password-reset/confirm?token=');
    expect(resetInEnglish).not.toMatch(/heslo|odkaz/i);
    const before = mail.messages.length;
    await http().post('/api/auth/password-reset').send({ email: community.adminEmail }).expect(202);
    await expect.poll(() => mail.messages.length).toBeGreaterThan(before);
    const resetInCzech = (await mail.lastTo(community.adminEmail)).text;
    expect(resetInCzech).toContain('nové heslo k účtu ve Sdílně nastavíte zde');
    expect(resetInCzech).toContain('/auth/password-reset');
  });

  it('tells the holder of a refused link why: used, expired, revoked or not a link at all', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community);
    const refusal = async (path: string, token: string, status: number) =>
      (
        await http()
          .post(path)
          .send({ token, password: TEST_PASSWORD, ...(path.includes('invitations') ? { name: 'X' } : {}) })
          .expect(status)
      ).body.error;
    const accept = '/api/auth/invitations/accept';

    const used = await invite(community, { email: uniqueEmail('used'), role: 'member', memberId: member.id });
    await http().post(accept).send({ token: used, password: TEST_PASSWORD, name: 'Used' }).expect(200);
    expect(await refusal(accept, used, 404)).toMatchObject({
      code: 'INVITATION_INVALID',
      details: { reason: 'used' },
    });

    const late = await invite(community, { email: uniqueEmail('late'), role: 'member', memberId: member.id });
    await withOwner((client) =>
      client.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        late.split('.')[1],
      ]),
    );
    expect(await refusal(accept, late, 404)).toMatchObject({ details: { reason: 'expired' } });
    const [communityId, invitationId] = late.split('.');
    expect(await refusal(accept, `${communityId}.${invitationId}.${'x'.repeat(43)}`, 404)).toMatchObject({
      details: { reason: 'invalid' },
    });

    const confirm = '/api/auth/password-reset/confirm';
    await http().post('/api/auth/password-reset').send({ email: community.adminEmail }).expect(202);
    const first = tokenIn(await mail.lastTo(community.adminEmail));
    await http().post(confirm).send({ token: first, password: 'a brand new password' }).expect(204);
    expect(await refusal(confirm, first, 400)).toMatchObject({
      code: 'RESET_TOKEN_INVALID',
      details: { reason: 'used' },
    });
    const before = mail.messages.length;
    await http().post('/api/auth/password-reset').send({ email: community.adminEmail }).expect(202);
    await expect.poll(() => mail.messages.length).toBeGreaterThan(before);
    const second = tokenIn(await mail.lastTo(community.adminEmail));
    await withOwner((client) =>
      client.query(`UPDATE password_resets SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        second.split('.')[0],
      ]),
    );
    expect(await refusal(confirm, second, 400)).toMatchObject({ details: { reason: 'expired' } });
    expect(await refusal(confirm, `${second.split('.')[0]}.${'y'.repeat(43)}`, 400)).toMatchObject({
      details: { reason: 'invalid' },
    });
  });
  it('remembers the language a person signs up and signs in with, and mails a reset asked without one in it', async () => {
    const email = uniqueEmail('english');
    await http()
      .post('/api/auth/signup')
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .send({
        email,
        password: TEST_PASSWORD,
        name: 'Admin',
        community: { name: 'X', type: 'energy-community' },
      })
      .expect(201);
    const resetMail = async () => {
      const before = mail.messages.filter((message) => message.to.includes(email)).length;
      await http().post('/api/auth/password-reset').send({ email }).expect(202);
      await expect
        .poll(() => mail.messages.filter((message) => message.to.includes(email)).length)
        .toBe(before + 1);
      return (await mail.lastTo(email)).text;
    };
    expect(await resetMail()).toContain('set a new password for your Sdílna account here');

    // Signed in from the Czech portal: Czech from now on; a request naming neither language changes nothing.
    await http()
      .post('/api/auth/login')
      .set('Accept-Language', 'cs')
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
    await http()
      .post('/api/auth/login')
      .set('Accept-Language', 'de')
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
    expect(await resetMail()).toContain('nové heslo k účtu ve Sdílně nastavíte zde');
  });
});
