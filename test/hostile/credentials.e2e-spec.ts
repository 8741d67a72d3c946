import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { signUp, TEST_PASSWORD, uniqueEmail } from '../support/factories';
import { recordHostile } from '../support/hostile-counts';
import { MailCatcher, tokenIn } from '../support/mail-catcher';
import { withOwner } from '../support/owner-database';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('credentials');

/** A different made-up client address for every request, as an attacker rotating X-Forwarded-For sends. */
let forwarded = 0;
function rotatingAddress(): string {
  forwarded++;
  return `198.51.100.${forwarded % 250}, 10.0.0.${forwarded % 7}`;
}

describe('sign-in limits and reset links (no proxy trusted: the default)', () => {
  let app: INestApplication;
  // A slow relay: each message is accepted 0.4 s after it arrives.
  const mail = new MailCatcher({ acceptAfterMs: 400 });

  beforeAll(async () => {
    delete process.env['TRUSTED_PROXIES'];
    process.env['SMTP_URL'] = await mail.start();
    app = await createTestApp();
  });

  afterAll(async () => {
    await app?.close();
    await mail.stop();
  });

  const http = () => request(app.getHttpServer());
  const login = (email: string, password: string) =>
    http().post('/api/auth/login').set('X-Forwarded-For', rotatingAddress()).send({ email, password });

  it('limits password guesses for one account whatever X-Forwarded-For says', async (context) => {
    const community = await signUp(app);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      statuses.push((await login(community.adminEmail, `guess number ${attempt}`)).status);
    }
    recordHostile(context, { inputsTried: statuses.length });
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // The right password from yet another claimed address does not open a locked account.
    expect((await login(community.adminEmail, TEST_PASSWORD)).status).toBe(429);
  });

  it('ends every older reset link when a newer one is used, and when a newer one is issued', async () => {
    const community = await signUp(app);
    const tokens: string[] = [];
    for (let request = 0; request < 3; request++) {
      const before = mail.messages.length;
      await http().post('/api/auth/password-reset').send({ email: community.adminEmail }).expect(202);
      for (let wait = 0; mail.messages.length === before && wait < 500; wait++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      tokens.push(tokenIn(await mail.lastTo(community.adminEmail)));
    }
    expect(new Set(tokens).size).toBe(3);
    const live = await withOwner(
      async (connection) =>
        (await connection.query(
          `SELECT count(*)::int AS live FROM password_resets r JOIN users u ON u.id = r.user_id
            WHERE u.email = $1 AND r.used_at IS NULL AND r.expires_at > now()`,
          [community.adminEmail],
        )) as Array<{ live: number }>,
    );
    expect(live[0]?.live).toBe(1);
    await http()
      .post('/api/auth/password-reset/confirm')
      .send({ token: tokens[2], password: 'the newest password' })
      .expect(204);
    for (const older of tokens.slice(0, 2)) {
      const refused = await http()
        .post('/api/auth/password-reset/confirm')
        .send({ token: older, password: 'an attacker password' })
        .expect(400);
      expect(refused.body.error.code).toBe('RESET_TOKEN_INVALID');
    }
    await http()
      .post('/api/auth/login')
      .send({ email: community.adminEmail, password: 'the newest password' })
      .expect(200);
  });

  it('answers a reset request before the mail is sent, so a known account answers like an unknown one', async () => {
    const community = await signUp(app);
    const sentBefore = mail.messages.filter((m) => m.to.includes(community.adminEmail)).length;
    const known = await http().post('/api/auth/password-reset').send({ email: community.adminEmail });
    // The relay holds the message for 0.4 s: an answer that waited for it would find it delivered.
    const deliveredAtAnswer = mail.messages.filter((m) => m.to.includes(community.adminEmail)).length;
    const unknown = await http()
      .post('/api/auth/password-reset')
      .send({ email: uniqueEmail('nobody') });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
    expect(deliveredAtAnswer).toBe(sentBefore);
    expect(tokenIn(await mail.lastTo(community.adminEmail))).toMatch(/\./);
  });
});

describe('sign-in limits against password spraying', () => {
  let app: INestApplication;
  const SPRAY_LIMIT = 6;

  beforeAll(async () => {
    // The operator's setting (default 30), low here so the test sends few slow password checks.
    process.env['SIGN_IN_ADDRESS_LIMIT'] = String(SPRAY_LIMIT);
    app = await createTestApp();
  });

  afterAll(async () => {
    delete process.env['SIGN_IN_ADDRESS_LIMIT'];
    await app?.close();
  });

  const login = (email: string, password: string) =>
    request(app.getHttpServer())
      .post('/api/auth/login')
      .set('X-Forwarded-For', rotatingAddress())
      .send({ email, password });

  it('limits password spraying: many e-mails, one wrong password each, from one address', async (context) => {
    // Every request here comes from loopback, and the limits are kept in the database for every process: wrong
    // passwords other files of this run sent from loopback in the last 15 minutes would count too.
    // And the other way round: once locked, loopback would stay locked for the files after this one.
    const forgetAddresses = () =>
      withOwner((owner) => owner.query(`DELETE FROM sign_in_events WHERE subject LIKE 'address:%'`));
    await forgetAddresses();
    const statuses: number[] = [];
    try {
      for (let attempt = 0; attempt < SPRAY_LIMIT + 3; attempt++) {
        statuses.push((await login(uniqueEmail('sprayed'), 'Password123!')).status);
      }
    } finally {
      await forgetAddresses();
    }
    recordHostile(context, { inputsTried: statuses.length });
    expect(statuses.slice(0, SPRAY_LIMIT)).toEqual(Array.from({ length: SPRAY_LIMIT }, () => 401));
    expect(statuses.slice(SPRAY_LIMIT)).toEqual([429, 429, 429]);
  });
});

describe('sign-in limits behind a configured proxy', () => {
  let app: INestApplication;

  beforeAll(async () => {
    process.env['TRUSTED_PROXIES'] = 'loopback';
    app = await createTestApp();
  });

  afterAll(async () => {
    delete process.env['TRUSTED_PROXIES'];
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  it('counts the client address the trusted proxy names, and still locks the account across addresses', async (context) => {
    const community = await signUp(app);
    const from = (address: string, password: string) =>
      http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', address)
        .send({ email: community.adminEmail, password });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++)
      statuses.push((await from('203.0.113.1', `guess ${attempt}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Another client behind the proxy is another address: its attempts count on their own ...
    for (let attempt = 0; attempt < 5; attempt++)
      statuses.push((await from('203.0.113.2', `guess ${attempt}`)).status);
    expect(statuses.slice(6)).toEqual([401, 401, 401, 401, 401]);
    // ... but the account has now seen 10 wrong passwords: it is locked from every address.
    const locked = await from('203.0.113.3', TEST_PASSWORD);
    recordHostile(context, { inputsTried: statuses.length + 1 });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
  });
});
