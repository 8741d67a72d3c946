import { randomUUID } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import jsonwebtoken from 'jsonwebtoken';
import Stripe from 'stripe';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { HashingDiskStorage } from '../../libs/api/feature-imports/src/upload-storage';
import { createTestApp } from '../support/create-test-app';
import { bearer, create, createMember, signUp, uniqueEan, type TestCommunity } from '../support/factories';
import { recordHostile } from '../support/hostile-counts';
import { memberLogin } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('hostile-input');

const WEBHOOK_SECRET = 'whsec_test_sdilna_hostile';
const STRIPE_KEYS = {
  STRIPE_SECRET_KEY: 'sk_test_hostile',
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  STRIPE_PRICE_ID: 'price_hostile',
  // Nothing here reaches Stripe: the events below are refused before any call.
  STRIPE_API_BASE: 'http://127.0.0.1:9',
};

/** A refusal the way the API refuses: a 4xx with `{ error: { code, message } }` and no stack trace. */
function expectClearRefusal(response: Response, what: string, allowed: readonly number[] = [400]): void {
  const said = `${what} answered ${response.status} ${JSON.stringify(response.body)}`;
  expect(allowed, said).toContain(response.status);
  expect(typeof response.body?.error?.code, said).toBe('string');
  expect(typeof response.body?.error?.message, said).toBe('string');
  expect(JSON.stringify(response.body), said).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
}

/**
 * The named cases of issue 16 (defects 8 and 9): each answered 500 or was accepted before its fix. The
 * generated fuzzing of every route lives in fuzz-routes.e2e-spec.ts.
 */
describe('hostile input the probe found', () => {
  let app: INestApplication;
  let community: TestCommunity;

  beforeAll(async () => {
    Object.assign(process.env, STRIPE_KEYS);
    app = await createTestApp();
    community = await signUp(app);
  });

  afterAll(async () => {
    await app?.close();
    for (const key of Object.keys(STRIPE_KEYS)) delete process.env[key];
  });

  const http = () => request(app.getHttpServer());
  const path = (rest: string) => `/api/communities/${community.communityId}/${rest}`;

  it('refuses a NUL character in a body string, a query string and a member CSV with 400', async (context) => {
    const responses = [
      await http()
        .post(path('members'))
        .set(bearer(community.adminToken))
        .send({ name: 'A\u0000B', kind: 'household' }),
      await http().get(path('members')).query({ q: 'a\u0000b' }).set(bearer(community.adminToken)),
      await http()
        .post(path('members/import'))
        .set(bearer(community.adminToken))
        .set('Content-Type', 'text/csv')
        .send('name;kind\nNul\u0000Name;household\n'),
      await http()
        .post('/api/auth/login')
        .send({ email: `a\u0000b@test.sdilna.example`, password: 'whatever whatever' }),
    ];
    recordHostile(context, { inputsTried: responses.length });
    for (const response of responses) expectClearRefusal(response, 'NUL', [400, 422]);
  });

  it('refuses a lone UTF-16 surrogate in a body string with 400', async (context) => {
    const responses = [
      await http()
        .post(path('members'))
        .set(bearer(community.adminToken))
        .set('Content-Type', 'application/json')
        .send('{"name": "Jana \\ud800", "kind": "household"}'),
      await http()
        .post(path('sharing-groups'))
        .set(bearer(community.adminToken))
        .set('Content-Type', 'application/json')
        .send('{"name": "\\udfff"}'),
    ];
    recordHostile(context, { inputsTried: responses.length });
    for (const response of responses) expectClearRefusal(response, 'lone surrogate');
  });

  it('refuses JSON nested 16 000 deep with 400 before anyone is authenticated', async (context) => {
    const deep = `${'['.repeat(16_000)}${']'.repeat(16_000)}`;
    const responses = [
      await http().post('/api/auth/login').set('Content-Type', 'application/json').send(`{"email": ${deep}}`),
      await http()
        .post(path('members'))
        .set(bearer(community.adminToken))
        .set('Content-Type', 'application/json')
        .send(deep),
    ];
    recordHostile(context, { inputsTried: responses.length });
    for (const response of responses) {
      expectClearRefusal(response, 'deep JSON');
      expect(response.body.error.code).toBe('JSON_TOO_DEEP');
    }
  });

  it('refuses a number as login e-mail and null where an id is expected with 400', async (context) => {
    const point = await create(app, community, 'metering-points', {
      ean: uniqueEan(),
      role: 'consumption',
      memberId: (await createMember(app, community, { kind: 'household' })).id,
      validFrom: '2026-01-01',
    });
    const responses = [
      await http().post('/api/auth/login').send({ email: 12345, password: 'whatever whatever' }),
      await http().post('/api/auth/password-reset').send({ email: 12345 }),
      await http()
        .patch(path(`metering-points/${point.id}`))
        .set(bearer(community.adminToken))
        .send({ memberId: null }),
      await http()
        .post(path('invitations'))
        .set(bearer(community.adminToken))
        .send({ email: 'x@test.sdilna.example', role: 'member', memberId: null }),
    ];
    recordHostile(context, { inputsTried: responses.length });
    for (const response of responses) expectClearRefusal(response, 'wrong type or null', [400, 401]);
    const after = await http()
      .get(path(`metering-points/${point.id}`))
      .set(bearer(community.adminToken));
    expect(after.body.memberId).toBe(point['memberId']);
  });

  it('refuses a date range in year 1 (or after 2100) with 400', async (context) => {
    const responses = [
      await http()
        .get(path('sharing'))
        .query({ from: '0001-01-01', to: '0001-12-31' })
        .set(bearer(community.adminToken)),
      await http()
        .get(path('completeness'))
        .query({ from: '0001-01-01', to: '9999-12-31' })
        .set(bearer(community.adminToken)),
      await http()
        .post(path('metering-points'))
        .set(bearer(community.adminToken))
        .send({ ean: uniqueEan(), role: 'consumption', memberId: randomUUID(), validFrom: '0001-01-01' }),
      // Found by the fuzzer: a month in year 1.
      await http().get(path('completeness')).query({ month: '0001-01' }).set(bearer(community.adminToken)),
      await http().post(path('settlements')).set(bearer(community.adminToken)).send({ period: '0001-01' }),
    ];
    recordHostile(context, { inputsTried: responses.length });
    for (const response of responses) expectClearRefusal(response, 'year 1');
  });

  it('refuses a correctly signed Stripe event without data.object with 400 and records nothing', async (context) => {
    const signer = new Stripe('sk_test_signer_only').webhooks;
    const responses: Response[] = [];
    for (const data of [{}, { object: null }, { object: 'text' }, undefined]) {
      const payload = JSON.stringify({
        id: `evt_${randomUUID().replace(/-/g, '')}`,
        object: 'event',
        type: 'checkout.session.completed',
        created: Math.floor(Date.now() / 1000),
        ...(data !== undefined ? { data } : {}),
      });
      const header = signer.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
      responses.push(
        await http()
          .post('/api/billing/webhook')
          .set('Content-Type', 'application/json')
          .set('Stripe-Signature', header)
          .send(payload),
      );
    }
    recordHostile(context, { inputsTried: responses.length });
    for (const response of responses) expectClearRefusal(response, 'event without data.object');
  });

  it('refuses an access token without an expiry', async () => {
    const jwt = app.get(JwtService);
    const claims = jwt.decode<{ sub: string; sid: string }>(community.adminToken);
    // Signed with the API's own key, as a leaked key or a bug would: everything right except the expiry.
    const forever = jsonwebtoken.sign(
      { sub: claims.sub, sid: claims.sid },
      process.env['JWT_ACCESS_SECRET'] ?? 'development-access-secret-change-me',
      { algorithm: 'HS256' },
    );
    expect(jwt.decode<{ exp?: number }>(forever).exp).toBeUndefined();
    for (const url of ['/api/me', path('members'), path('sharing/groups')]) {
      const response = await http().get(url).set(bearer(forever));
      expectClearRefusal(response, `${url} with a token without exp`, [401]);
    }
  });

  it('refuses an upload of a caller who may not upload there before the body is written', async () => {
    const handled = vi.spyOn(HashingDiskStorage.prototype, '_handleFile');
    const memberToken = await memberLogin(
      app,
      community,
      (await createMember(app, community, { kind: 'household' })).id,
    );
    const other = await signUp(app);
    const body = Buffer.alloc(8 * 1024 * 1024, 0x41);
    for (const token of [memberToken, other.adminToken]) {
      const response = await http()
        .post(path('imports'))
        .set(bearer(token))
        .attach('file', body, { filename: 'big.csv', contentType: 'text/csv' })
        .catch((error: { response?: Response }) => error.response);
      expect(response).toBeDefined();
      expectClearRefusal(response as Response, 'upload by an outsider', [403, 404]);
    }
    expect(handled).not.toHaveBeenCalled();
    handled.mockRestore();
  });
});
