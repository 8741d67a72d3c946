import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import {
  bearer,
  createMember,
  signUp,
  TEST_PASSWORD,
  uniqueEmail,
  type TestCommunity,
} from '../support/factories';
import { recordHostile } from '../support/hostile-counts';
import { startInProcessWorker } from '../support/in-process-worker';
import { MailCatcher, tokenIn } from '../support/mail-catcher';
import { withOwner } from '../support/owner-database';
import {
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  runPath,
  settleDraft,
} from '../support/settlement-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('concurrent-transitions');

/** Parallel callers of one state transition (issue 16: the probe used 20). */
const PARALLEL = 20;

/**
 * Every state transition that creates a run or issues documents, called 20 times at once: exactly one effect,
 * the other callers a clear 2xx/409 pointing at it, never a 5xx (a deadlock or a unique violation leaking out).
 */
describe('concurrent state transitions', () => {
  let app: INestApplication;
  let worker: TestingModule;
  const mail = new MailCatcher();

  beforeAll(async () => {
    process.env['SMTP_URL'] = await mail.start();
    app = await createTestApp();
    worker = await startInProcessWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await mail.stop();
  });

  const http = () => request(app.getHttpServer());

  async function settledCommunity(): Promise<TestCommunity> {
    const community = await signUp(app);
    const settings = await http()
      .put(`/api/communities/${community.communityId}/settlement-settings`)
      .set(bearer(community.adminToken))
      .send({ mode: 'community-clearing', iban: 'CZ6508000000192000145399', dueDays: 14 });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const producer = await memberWithPoint(app, community, 'production', { name: 'FVE' }, '2.00');
    const consumer = await memberWithPoint(app, community, 'consumption', { name: 'Jana' }, '4.00');
    const key = keyOf([{ producer, consumer, percent: 100 }]);
    const csv = await exportWith(
      [producer, consumer],
      key,
      '2026-06-01',
      '2026-06-30',
      (_p, date, interval) => (date === '2026-06-10' && interval === 48 ? 10_000 : 0),
    );
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, { pricePerKwh: '3.00' });
    return community;
  }

  /** Fires the calls at once and returns their statuses; records the transition for the suite's counts. */
  async function inParallel(
    context: TestContext,
    call: (index: number) => request.Test,
  ): Promise<Array<{ status: number; body: { id?: string; error?: { code: string } } }>> {
    const responses = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => call(index)));
    const fiveHundreds = responses.filter((response) => response.status >= 500).length;
    recordHostile(context, {
      concurrentTransitions: 1,
      concurrentCalls: PARALLEL,
      fiveHundredsSeen: fiveHundreds,
    });
    expect(
      responses.filter((response) => response.status >= 500).map((response) => response.body as unknown),
    ).toEqual([]);
    return responses as Array<{ status: number; body: { id?: string; error?: { code: string } } }>;
  }

  async function countRows(sql: string, parameters: unknown[]): Promise<number> {
    return withOwner(async (connection) => {
      const rows = (await connection.query(sql, parameters)) as Array<{ count: string }>;
      return Number(rows[0]?.count ?? 0);
    });
  }

  it('creates one run when 20 administrators request the same month at once; the others get it or a 409 naming it', async (context) => {
    const community = await settledCommunity();
    const responses = await inParallel(context, () =>
      http().post(runPath(community)).set(bearer(community.adminToken)).send({ period: '2026-06' }),
    );
    const runs = await countRows(
      `SELECT count(*) FROM settlement_runs WHERE community_id = $1 AND period = '2026-06'`,
      [community.communityId],
    );
    expect(runs).toBe(1);
    const [runId] = (
      (await withOwner((connection) =>
        connection.query(`SELECT id FROM settlement_runs WHERE community_id = $1`, [community.communityId]),
      )) as Array<{ id: string }>
    ).map((row) => row.id);
    for (const response of responses) {
      expect([202, 409]).toContain(response.status);
      if (response.status === 202) expect(response.body.id).toBe(runId);
      else expect(response.body.error?.code).toBe('SETTLEMENT_IN_PROGRESS');
    }
  });

  it('approves a computed run once when 20 approvals arrive at once', async (context) => {
    const community = await settledCommunity();
    const draft = await settleDraft(app, community, '2026-06');
    const responses = await inParallel(context, () =>
      http()
        .post(`${runPath(community, draft.id)}/approve`)
        .set(bearer(community.adminToken)),
    );
    for (const response of responses) expect(response.status).toBe(200);
  });

  it('finalises a run once and issues its documents once when 20 finalisations arrive at once', async (context) => {
    const community = await settledCommunity();
    const draft = await settleDraft(app, community, '2026-06');
    await http()
      .post(`${runPath(community, draft.id)}/approve`)
      .set(bearer(community.adminToken))
      .expect(200);
    const responses = await inParallel(context, () =>
      http()
        .post(`${runPath(community, draft.id)}/finalize`)
        .set(bearer(community.adminToken)),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 200)) {
      expect(response.status).toBe(409);
      expect(response.body.error?.code).toBe('SETTLEMENT_FINAL');
    }
    expect(
      await countRows(`SELECT count(*) FROM documents WHERE community_id = $1`, [community.communityId]),
    ).toBe(2);
  });

  it('issues one cancelling document when 20 corrections of one invoice arrive at once; the others get 409', async (context) => {
    const community = await settledCommunity();
    const draft = await settleDraft(app, community, '2026-06');
    await http()
      .post(`${runPath(community, draft.id)}/approve`)
      .set(bearer(community.adminToken))
      .expect(200);
    await http()
      .post(`${runPath(community, draft.id)}/finalize`)
      .set(bearer(community.adminToken))
      .expect(200);
    const listed = await http()
      .get(`/api/communities/${community.communityId}/documents`)
      .set(bearer(community.adminToken))
      .expect(200);
    const invoice = (listed.body as Array<{ id: string; kind: string }>).find((d) => d.kind === 'invoice');
    const responses = await inParallel(context, (index) =>
      http()
        .post(`/api/communities/${community.communityId}/documents/${invoice?.id}/corrections`)
        .set(bearer(community.adminToken))
        .send({ reason: `Oprava ${index}` }),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 201)) {
      expect(response.status).toBe(409);
      expect(response.body.error?.code).toBe('DOCUMENT_NOT_CORRECTABLE');
    }
    expect(
      await countRows(
        `SELECT count(*) FROM documents WHERE community_id = $1 AND corrects_document_id = $2`,
        [community.communityId, invoice?.id],
      ),
    ).toBe(1);
  });

  it('rotates a refresh token once when it is presented 20 times at once', async (context) => {
    const community = await signUp(app);
    const responses = await inParallel(context, () =>
      http().post('/api/auth/refresh').send({ refreshToken: community.adminRefreshToken }),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 200)) expect(response.status).toBe(401);
  });

  it('creates one account when 20 signups with one e-mail arrive at once', async (context) => {
    const email = uniqueEmail('race');
    const responses = await inParallel(context, () =>
      http()
        .post('/api/auth/signup')
        .send({
          email,
          password: TEST_PASSWORD,
          name: 'Race',
          community: { name: 'Race', type: 'active-customer' },
        }),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 201))
      expect([409, 429]).toContain(response.status);
    expect(await countRows(`SELECT count(*) FROM users WHERE email = $1`, [email])).toBe(1);
  });

  it('stores one price list when 20 identical ones arrive at once; the others overlap it', async (context) => {
    const community = await signUp(app);
    const responses = await inParallel(context, () =>
      http()
        .post(`/api/communities/${community.communityId}/price-lists`)
        .set(bearer(community.adminToken))
        .send({ validFrom: '2026-01-01', sellerVatPayer: false, pricePerKwh: '3.00' }),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 201)) {
      expect(response.status).toBe(409);
      expect(response.body.error?.code).toBe('PRICE_LIST_OVERLAP');
    }
  });

  it('accepts an invitation once when its link is used 20 times at once', async (context) => {
    const community = await signUp(app);
    const member = await createMember(app, community, { kind: 'household' });
    const email = uniqueEmail('invited');
    await http()
      .post(`/api/communities/${community.communityId}/invitations`)
      .set(bearer(community.adminToken))
      .send({ email, role: 'member', memberId: member.id })
      .expect(201);
    const token = tokenIn(await mail.lastTo(email));
    const responses = await inParallel(context, () =>
      http().post('/api/auth/invitations/accept').send({ token, password: TEST_PASSWORD, name: 'Invited' }),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 200))
      expect([404, 429]).toContain(response.status);
    expect(
      await countRows(
        `SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1`,
        [email],
      ),
    ).toBe(1);
  });

  it('spends a password-reset link once when it is used 20 times at once', async (context) => {
    const community = await signUp(app);
    await http().post('/api/auth/password-reset').send({ email: community.adminEmail }).expect(202);
    const token = tokenIn(await mail.lastTo(community.adminEmail));
    const responses = await inParallel(context, (index) =>
      http()
        .post('/api/auth/password-reset/confirm')
        .send({ token, password: `new password number ${index}` }),
    );
    expect(responses.filter((response) => response.status === 204)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 204))
      expect([400, 429]).toContain(response.status);
  });
});
