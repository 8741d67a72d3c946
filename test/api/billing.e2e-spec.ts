import { randomBytes } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import Stripe from 'stripe';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { MailCatcher } from '../support/mail-catcher';
import { bearer, signUp, type TestCommunity } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { withOwner } from '../support/owner-database';
import { memberLogin } from '../support/readings-community';
import {
  approveAndFinalize,
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  settleDraft,
} from '../support/settlement-community';
import { StripeStub } from '../support/stripe-stub';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('billing');

const WEBHOOK_SECRET = 'whsec_test_sdilna_billing';
const STRIPE_KEYS = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_BASE',
  'STRIPE_PRICE_ID',
] as const;
const signer = new Stripe('sk_test_signer_only').webhooks;

function event(type: string, object: object, id = `evt_${randomBytes(8).toString('hex')}`): string {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
}

describe('billing without a Stripe key', () => {
  let app: INestApplication;

  beforeAll(async () => {
    for (const key of STRIPE_KEYS) delete process.env[key];
    app = await createTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers BILLING_DISABLED on billing endpoints while the rest of the API works', async () => {
    const community = await signUp(app);
    const checkout = await request(app.getHttpServer())
      .post(`/api/communities/${community.communityId}/billing/checkout`)
      .set(bearer(community.adminToken));
    expect(checkout.status).toBe(409);
    expect(checkout.body.error.code).toBe('BILLING_DISABLED');
    const webhook = await request(app.getHttpServer())
      .post('/api/billing/webhook')
      .set('Content-Type', 'application/json')
      .send('{}');
    expect(webhook.status).toBeGreaterThanOrEqual(400);
    expect(webhook.status).toBeLessThan(500);
    const settlements = await request(app.getHttpServer())
      .get(`/api/communities/${community.communityId}/settlements`)
      .set(bearer(community.adminToken));
    expect(settlements.status).toBe(200);
  });
});

describe('billing through Stripe', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let stub: StripeStub;
  // the month finalised below is mailed to its members by the worker
  const mail = new MailCatcher();

  beforeAll(async () => {
    process.env['SMTP_URL'] = await mail.start();
    stub = await StripeStub.start();
    process.env['STRIPE_SECRET_KEY'] = 'sk_test_sdilna_billing';
    process.env['STRIPE_WEBHOOK_SECRET'] = WEBHOOK_SECRET;
    process.env['STRIPE_API_BASE'] = stub.url;
    process.env['STRIPE_PRICE_ID'] = 'price_test_per_point';
    app = await createTestApp();
    worker = await startInProcessWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await stub?.stop();
    await mail.stop();
    for (const key of STRIPE_KEYS) delete process.env[key];
  });

  const http = () => request(app.getHttpServer());

  async function deliver(payload: string, secret = WEBHOOK_SECRET, signedPayload = payload) {
    const header = signer.generateTestHeaderString({ payload: signedPayload, secret });
    return http()
      .post('/api/billing/webhook')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', header)
      .send(payload);
  }

  async function billingStatus(community: TestCommunity): Promise<{
    subscriptionStatus?: string;
    meteringPoints?: number;
    connect?: { status: string; accountId?: string; applicationFeeBp: number };
  }> {
    const response = await http()
      .get(`/api/communities/${community.communityId}/billing`)
      .set(bearer(community.adminToken));
    expect(response.status).toBe(200);
    return response.body as { subscriptionStatus?: string };
  }

  it('opens a subscription Checkout priced per active metering point', async () => {
    const community = await signUp(app);
    for (const role of ['production', 'consumption', 'consumption'] as const)
      await memberWithPoint(app, community, role);
    const response = await http()
      .post(`/api/communities/${community.communityId}/billing/checkout`)
      .set(bearer(community.adminToken));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.url).toMatch(/^https:\/\/checkout\.stripe\.test\/cs_/);
    const session = stub.calls.filter((call) => call.path === '/v1/checkout/sessions').at(-1);
    expect(session?.form.get('mode')).toBe('subscription');
    expect(session?.form.get('line_items[0][price]')).toBe('price_test_per_point');
    expect(session?.form.get('line_items[0][quantity]')).toBe('3');
    expect(session?.form.get('metadata[communityId]')).toBe(community.communityId);
    // Stripe sends the administrator back to the portal's billing page, which reads ?checkout
    const billingPage = `/admin/${community.communityId}/billing`;
    expect(pathAndQuery(session?.form.get('success_url'))).toBe(`${billingPage}?checkout=done`);
    expect(pathAndQuery(session?.form.get('cancel_url'))).toBe(`${billingPage}?checkout=cancelled`);
    const portal = await http()
      .post(`/api/communities/${community.communityId}/billing/portal`)
      .set(bearer(community.adminToken));
    expect(portal.status, JSON.stringify(portal.body)).toBe(200);
    expect(portal.body.url).toMatch(/^https:\/\/billing\.stripe\.test\//);
    const portalSession = stub.calls.filter((call) => call.path === '/v1/billing_portal/sessions').at(-1);
    expect(pathAndQuery(portalSession?.form.get('return_url'))).toBe(billingPage);
  });

  it('fulfils a subscription only from a signed webhook, once per event id', async () => {
    const community = await signUp(app);
    const completed = event('checkout.session.completed', {
      id: 'cs_test_paid',
      object: 'checkout.session',
      mode: 'subscription',
      subscription: 'sub_test_1',
      customer: 'cus_test_1',
      metadata: { communityId: community.communityId },
    });
    const first = await deliver(completed);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ received: true, duplicate: false });
    expect((await billingStatus(community)).subscriptionStatus).toBe('active');

    const cancelled = event('customer.subscription.updated', {
      id: 'sub_test_1',
      object: 'subscription',
      status: 'canceled',
      customer: 'cus_test_1',
      metadata: { communityId: community.communityId },
      items: { data: [{ quantity: 4, current_period_end: 1_800_000_000 }] },
    });
    expect((await deliver(cancelled)).status).toBe(200);
    expect(await billingStatus(community)).toMatchObject({
      subscriptionStatus: 'canceled',
      meteringPoints: 4,
    });

    // the earlier event replayed (same id, freshly signed) changes nothing
    const replay = await deliver(completed);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ received: true, duplicate: true });
    expect((await billingStatus(community)).subscriptionStatus).toBe('canceled');
  });

  it('refuses a forged or tampered webhook and changes nothing', async () => {
    const community = await signUp(app);
    const payload = event('checkout.session.completed', {
      id: 'cs_test_forged',
      object: 'checkout.session',
      mode: 'subscription',
      subscription: 'sub_test_forged',
      customer: 'cus_test_forged',
      metadata: { communityId: community.communityId },
    });
    const wrongSecret = await deliver(payload, 'whsec_someone_else');
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body.error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const tampered = await deliver(
      payload,
      WEBHOOK_SECRET,
      payload.replace('sub_test_forged', 'sub_test_other'),
    );
    expect(tampered.status).toBe(400);
    const unsigned = await http()
      .post('/api/billing/webhook')
      .set('Content-Type', 'application/json')
      .send(payload);
    expect(unsigned.status).toBe(400);
    expect((await billingStatus(community)).subscriptionStatus).toBeUndefined();
    const processed = (await withOwner((owner) =>
      owner.query(`SELECT count(*)::int AS n FROM stripe_events WHERE community_id = $1`, [
        community.communityId,
      ]),
    )) as Array<{ n: number }>;
    expect(processed[0]?.n).toBe(0);
  });

  it('lets a member pay an invoice by card and records the payment from the webhook only', async () => {
    const community = await signUp(app);
    const producer = await memberWithPoint(app, community, 'production');
    const consumer = await memberWithPoint(app, community, 'consumption');
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
    // the consumer's address as typed, with spaces and capitals: stored trimmed and in lower case
    const consumerEmail = `consumer-${randomBytes(4).toString('hex')}@test.sdilna.example`;
    await http()
      .patch(`/api/communities/${community.communityId}/members/${consumer.memberId}`)
      .set(bearer(community.adminToken))
      .send({ email: `  ${consumerEmail.toUpperCase()} ` })
      .expect(200);
    const draft = await settleDraft(app, community, '2026-06');
    await approveAndFinalize(app, community, draft.id);
    // Finalising queued one mail per document; asking again changes nothing.
    const finalizeAgain = await http()
      .post(`/api/communities/${community.communityId}/settlements/${draft.id}/finalize`)
      .set(bearer(community.adminToken));
    expect(finalizeAgain.body.error.code).toBe('SETTLEMENT_FINAL');
    const delivered = await mail.lastTo(consumerEmail, 60_000);
    expect(delivered.text).toMatch(/Content-Type: application\/pdf/);
    expect(delivered.text).toMatch(/\.isdoc/);
    const deliveries = async () =>
      (
        await http()
          .get(`/api/communities/${community.communityId}/settlements/${draft.id}/deliveries`)
          .set(bearer(community.adminToken))
          .expect(200)
      ).body as Array<{ status: string; email?: string }>;
    for (let wait = 0; (await deliveries()).some((row) => row.status === 'queued') && wait < 100; wait++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    // the producer has no e-mail: listed, nothing sent
    expect((await deliveries()).map((row) => [row.status, row.email]).sort()).toEqual([
      ['no-address', undefined],
      ['sent', consumerEmail],
    ]);
    expect(mail.messages.filter((message) => message.to.includes(consumerEmail))).toHaveLength(1);
    const documents = await http()
      .get(`/api/communities/${community.communityId}/documents`)
      .set(bearer(community.adminToken));
    const invoice = (documents.body as Array<{ id: string; kind: string }>).find(
      (d) => d.kind === 'invoice',
    ) as { id: string };

    const member = await memberLogin(app, community, consumer.memberId);
    const cardPayments = async () =>
      (
        await http()
          .get(`/api/communities/${community.communityId}/card-payments`)
          .set(bearer(member))
          .expect(200)
      ).body as { enabled: boolean };
    // Without the community's own Stripe account the money would land on the platform's: no card payment.
    expect(await cardPayments()).toEqual({ enabled: false });
    const refused = await http()
      .post(`/api/communities/${community.communityId}/documents/${invoice.id}/pay`)
      .set(bearer(member));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CARD_PAYMENTS_OFF');

    // The administrator connects the community's account through Stripe's onboarding link.
    const onboarding = await http()
      .post(`/api/communities/${community.communityId}/billing/connect`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(onboarding.body.url).toMatch(/^https:\/\/connect\.stripe\.test\/setup\/acct_/);
    const link = stub.calls.filter((call) => call.path === '/v1/account_links').at(-1);
    const accountId = link?.form.get('account') as string;
    expect(pathAndQuery(link?.form.get('return_url'))).toBe(
      `/admin/${community.communityId}/billing?connect=done`,
    );
    expect((await billingStatus(community)).connect).toMatchObject({ status: 'onboarding', accountId });
    expect(await cardPayments()).toEqual({ enabled: false });
    stub.activate(accountId);
    expect((await billingStatus(community)).connect).toMatchObject({
      status: 'active',
      accountId,
      applicationFeeBp: 100,
    });
    expect(await cardPayments()).toEqual({ enabled: true });

    const pay = await http()
      .post(`/api/communities/${community.communityId}/documents/${invoice.id}/pay`)
      .set(bearer(member));
    expect(pay.status, JSON.stringify(pay.body)).toBe(200);
    const session = stub.calls.filter((call) => call.path === '/v1/checkout/sessions').at(-1);
    // the payment goes to the community's account; the platform keeps 1 % of 300.00 CZK as its fee
    expect(session?.form.get('payment_intent_data[transfer_data][destination]')).toBe(accountId);
    expect(session?.form.get('payment_intent_data[on_behalf_of]')).toBe(accountId);
    expect(session?.form.get('payment_intent_data[application_fee_amount]')).toBe('300');
    expect(session?.form.get('mode')).toBe('payment');
    expect(session?.form.get('line_items[0][price_data][unit_amount]')).toBe('30000');
    expect(session?.form.get('line_items[0][price_data][currency]')).toBe('czk');
    // the member comes back to their own documents page (the portal's member area)
    const memberDocuments = `/member/${community.communityId}/${consumer.memberId}/documents`;
    expect(pathAndQuery(session?.form.get('success_url'))).toBe(`${memberDocuments}?payment=done`);
    expect(pathAndQuery(session?.form.get('cancel_url'))).toBe(`${memberDocuments}?payment=cancelled`);
    const paymentsOf = async () =>
      (await withOwner((owner) =>
        owner.query(`SELECT status FROM document_payments WHERE community_id = $1 AND document_id = $2`, [
          community.communityId,
          invoice.id,
        ]),
      )) as Array<{ status: string }>;
    // the browser coming back from Checkout proves nothing: the payment stays open until the webhook
    expect(await paymentsOf()).toEqual([{ status: 'open' }]);

    const sessionId = String(pay.body.url).split('/').at(-1);
    const sessionObject = (amount: number) => ({
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      amount_total: amount,
      currency: 'czk',
      metadata: { communityId: community.communityId, documentId: invoice.id, connectAccountId: accountId },
    });
    const wrongAmount = await deliver(event('checkout.session.completed', sessionObject(100)));
    expect(wrongAmount.body.ignored).toBe('amount does not match the document');
    const paidEvent = event('checkout.session.completed', sessionObject(30_000));
    const paid = await deliver(paidEvent);
    expect(paid.body).toEqual({ received: true, duplicate: false });
    expect((await paymentsOf()).map((row) => row.status).sort()).toEqual(['paid']);
    // recorded as a card payment to the connected account with the platform's fee, once per event
    expect(
      await withOwner((owner) =>
        owner.query(
          `SELECT source, connect_account_id, application_fee::int AS fee, stripe_event_id FROM document_payments
            WHERE community_id = $1 AND document_id = $2`,
          [community.communityId, invoice.id],
        ),
      ),
    ).toEqual([
      {
        source: 'card',
        connect_account_id: accountId,
        fee: 300,
        stripe_event_id: (JSON.parse(paidEvent) as { id: string }).id,
      },
    ]);
    expect((await deliver(paidEvent)).body).toEqual({ received: true, duplicate: true });
    // another event for the same session (Stripe may send one again under a new id) records nothing more
    const again = await deliver(event('checkout.session.completed', sessionObject(30_000)));
    expect(again.body).toMatchObject({
      duplicate: false,
      ignored: 'the session was recorded as paid before',
    });
    expect(await paymentsOf()).toHaveLength(1);
    // paid: no second card payment of the whole gross
    const payAgain = await http()
      .post(`/api/communities/${community.communityId}/documents/${invoice.id}/pay`)
      .set(bearer(member));
    expect(payAgain.status).toBe(409);
    expect(payAgain.body.error).toMatchObject({ code: 'DOCUMENT_ALREADY_PAID' });
    expect(payAgain.body.error.message).toMatch(/is paid$/);
  });
});

/** The path and query of an absolute URL Stripe is told to send a person back to. */
function pathAndQuery(url: string | undefined): string {
  const parsed = new URL(url ?? 'missing:');
  return `${parsed.pathname}${parsed.search}`;
}
