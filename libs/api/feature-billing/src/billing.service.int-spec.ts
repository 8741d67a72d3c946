import { randomBytes, randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectRefusal,
  ownerRows,
  serviceModule,
  signUpAdmin,
  type SignedUp,
} from '@sdilna/test-support/service-module';
import { BillingModule } from './billing.module';
import { BillingService } from './billing.service';

const WEBHOOK_SECRET = 'whsec_service_tier';
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

function signed(payload: string, secret = WEBHOOK_SECRET): [Buffer, string] {
  return [Buffer.from(payload), signer.generateTestHeaderString({ payload, secret })];
}

function subscriptionUpdated(communityId: string, status: string, quantity: number, id?: string): string {
  return event(
    'customer.subscription.updated',
    {
      id: 'sub_service_1',
      object: 'subscription',
      status,
      customer: 'cus_service_1',
      metadata: { communityId },
      items: { data: [{ quantity, current_period_end: 1_800_000_000 }] },
    },
    id,
  );
}

describe('BillingService without a Stripe key (service tier)', () => {
  let moduleRef: TestingModule;
  let billing: BillingService;
  let admin: SignedUp;
  let stranger: SignedUp;

  beforeAll(async () => {
    for (const key of STRIPE_KEYS) delete process.env[key];
    moduleRef = await serviceModule(BillingModule);
    billing = moduleRef.get(BillingService);
    admin = await signUpAdmin(moduleRef);
    stranger = await signUpAdmin(moduleRef);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  it('reports billing off to an administrator', async () => {
    expect(await billing.status(admin.principal, admin.communityId)).toEqual({ enabled: false });
  });

  it('checks who asks before saying billing is off: a stranger gets COMMUNITY_NOT_FOUND', async () => {
    await expectRefusal(billing.subscribe(stranger.principal, admin.communityId), 'COMMUNITY_NOT_FOUND');
    await expectRefusal(billing.subscribe(admin.principal, admin.communityId), 'BILLING_DISABLED');
    await expectRefusal(billing.portal(admin.principal, admin.communityId), 'BILLING_DISABLED');
  });

  it('refuses webhooks while billing is off (BILLING_DISABLED)', async () => {
    await expectRefusal(billing.webhook(...signed('{}')), 'BILLING_DISABLED');
  });

  it('answers DOCUMENT_NOT_FOUND for a document the caller cannot see', async () => {
    await expectRefusal(
      billing.payDocument(admin.principal, admin.communityId, randomUUID()),
      'DOCUMENT_NOT_FOUND',
    );
  });
});

describe('BillingService webhooks (service tier)', () => {
  let moduleRef: TestingModule;
  let billing: BillingService;
  let admin: SignedUp;

  beforeAll(async () => {
    process.env['STRIPE_SECRET_KEY'] = 'sk_test_service_tier';
    process.env['STRIPE_WEBHOOK_SECRET'] = WEBHOOK_SECRET;
    moduleRef = await serviceModule(BillingModule);
    billing = moduleRef.get(BillingService);
    admin = await signUpAdmin(moduleRef);
  });
  afterAll(async () => {
    await moduleRef?.close();
    for (const key of STRIPE_KEYS) delete process.env[key];
  });

  it('refuses a delivery signed with another secret or without a signature (WEBHOOK_SIGNATURE_INVALID)', async () => {
    const payload = subscriptionUpdated(admin.communityId, 'active', 3);
    await expectRefusal(billing.webhook(...signed(payload, 'whsec_forged')), 'WEBHOOK_SIGNATURE_INVALID');
    await expectRefusal(billing.webhook(Buffer.from(payload), undefined), 'WEBHOOK_SIGNATURE_INVALID');
    expect(await billing.status(admin.principal, admin.communityId)).toEqual({
      enabled: true,
      connect: { status: 'not-connected', applicationFeeBp: 100 },
    });
  });

  it('stores a subscription change and applies each event id once', async () => {
    const id = `evt_${randomBytes(8).toString('hex')}`;
    const first = await billing.webhook(...signed(subscriptionUpdated(admin.communityId, 'active', 3, id)));
    expect(first).toEqual({ received: true, duplicate: false });
    expect(await billing.status(admin.principal, admin.communityId)).toMatchObject({
      enabled: true,
      subscriptionStatus: 'active',
      meteringPoints: 3,
    });
    // the same event id again, even with other content, changes nothing
    const replay = await billing.webhook(
      ...signed(subscriptionUpdated(admin.communityId, 'canceled', 9, id)),
    );
    expect(replay).toEqual({ received: true, duplicate: true });
    expect(await billing.status(admin.principal, admin.communityId)).toMatchObject({
      subscriptionStatus: 'active',
      meteringPoints: 3,
    });
    expect(await ownerRows(`SELECT type FROM stripe_events WHERE event_id = $1`, [id])).toEqual([
      { type: 'customer.subscription.updated' },
    ]);
  });

  it('ignores events without a known community and event types it does not use', async () => {
    expect(
      await billing.webhook(...signed(event('customer.created', { id: 'cus_x', metadata: {} }))),
    ).toEqual({
      received: true,
      duplicate: false,
      ignored: 'no community in metadata',
    });
    expect(await billing.webhook(...signed(subscriptionUpdated(randomUUID(), 'active', 1)))).toMatchObject({
      ignored: 'unknown community',
    });
    expect(
      await billing.webhook(
        ...signed(event('invoice.created', { id: 'in_x', metadata: { communityId: admin.communityId } })),
      ),
    ).toMatchObject({ duplicate: false, ignored: 'event type invoice.created is not used' });
  });

  it('opens no customer portal before a Checkout made a customer (BILLING_NO_CUSTOMER)', async () => {
    const fresh = await signUpAdmin(moduleRef);
    await expectRefusal(billing.portal(fresh.principal, fresh.communityId), 'BILLING_NO_CUSTOMER');
  });
});
