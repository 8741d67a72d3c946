import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import { DocumentStore } from '@sdilna/api/data-access-settlement';
import { isUuid, type Principal } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { pragueToday } from '@sdilna/api/util-registry';
import { billingLink, billingPortalReturnLink, documentPaymentLink } from '@sdilna/shared/util-portal-routes';

import { BillingStore } from './billing-store';
import { BillingException } from './billing.exception';
import type { BillingStatusView, RedirectView, WebhookAnswer } from './dtos/billing.dto';
import { StripeClient } from './stripe-client';

/**
 * Community subscriptions (price per active metering point) and card payments of members' invoices through Stripe
 * Checkout. Nothing is fulfilled from a browser redirect: only a signed webhook changes the database, once per
 * event id, in the tenant named by the object's metadata.
 */
@Injectable()
export class BillingService {
  constructor(
    private readonly stripe: StripeClient,
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly config: AppConfig,
  ) {}

  async status(principal: Principal, communityId: string): Promise<BillingStatusView> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const account = await tx.store(BillingStore).account();
      return {
        enabled: this.stripe.enabled,
        ...(account?.subscriptionStatus ? { subscriptionStatus: account.subscriptionStatus } : {}),
        ...(account?.meteringPoints !== null && account?.meteringPoints !== undefined
          ? { meteringPoints: account.meteringPoints }
          : {}),
        ...(account?.currentPeriodEnd ? { currentPeriodEnd: account.currentPeriodEnd.toISOString() } : {}),
      };
    });
  }

  /** A Checkout session for the community's subscription, quantity = active metering points today. */
  async subscribe(principal: Principal, communityId: string): Promise<RedirectView> {
    // Who asks comes first: a stranger learns nothing, not even whether billing is configured.
    const { customerId, quantity } = await this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const billing = tx.store(BillingStore);
      return {
        customerId: (await billing.account())?.stripeCustomerId ?? null,
        quantity: Math.max(1, await billing.activeMeteringPoints(pragueToday())),
      };
    });
    const api = this.stripe.api();
    const price = this.config.STRIPE_PRICE_ID;
    if (price === undefined)
      throw new BillingException('BILLING_NOT_CONFIGURED', 'STRIPE_PRICE_ID is not configured');
    const customer = customerId ?? (await this.createCustomer(api, communityId));
    const session = await this.call(() =>
      api.checkout.sessions.create({
        mode: 'subscription',
        customer,
        line_items: [{ price, quantity }],
        client_reference_id: communityId,
        metadata: { communityId },
        subscription_data: { metadata: { communityId } },
        success_url: billingLink(this.config.PUBLIC_URL, communityId, 'done'),
        cancel_url: billingLink(this.config.PUBLIC_URL, communityId, 'cancelled'),
      }),
    );
    if (!session.url)
      throw new BillingException('PAYMENT_PROVIDER_FAILED', 'Stripe returned no Checkout URL');
    return { url: session.url };
  }

  async portal(principal: Principal, communityId: string): Promise<RedirectView> {
    const customerId = await this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      return (await tx.store(BillingStore).account())?.stripeCustomerId ?? null;
    });
    const api = this.stripe.api();
    if (customerId === null)
      throw new BillingException(
        'BILLING_NO_CUSTOMER',
        'Subscribe first; the community has no Stripe customer yet',
      );
    const session = await this.call(() =>
      api.billingPortal.sessions.create({
        customer: customerId,
        return_url: billingPortalReturnLink(this.config.PUBLIC_URL, communityId),
      }),
    );
    return { url: session.url };
  }

  /** Card payment of an issued document by its buyer (or an admin on the buyer's behalf). */
  async payDocument(principal: Principal, communityId: string, documentId: string): Promise<RedirectView> {
    const { document, payer } = await this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      const found = await tx.store(DocumentStore).find(documentId);
      if (!found || !(access.isAdmin || access.visibleMemberIds.has(found.record.buyerId))) {
        throw new BillingException('DOCUMENT_NOT_FOUND', 'No such document');
      }
      if (
        found.record.gross <= 0 ||
        found.record.kind === 'self-billed-credit-note' ||
        found.record.kind === 'self-billed-invoice'
      ) {
        throw new BillingException(
          'DOCUMENT_NOT_PAYABLE',
          `${found.record.number} is not paid by its buyer by card`,
        );
      }
      // Stripe sends the payer back to the documents page they paid from: an administrator paying on the buyer's
      // behalf to the admin's page, the buyer (or whoever sees it as a member) to the member's page.
      const payer = access.isAdmin ? { communityId } : { communityId, memberId: found.record.buyerId };
      return { document: found.record, payer };
    });
    const api = this.stripe.api();
    const session = await this.call(() =>
      api.checkout.sessions.create({
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: 'czk',
              unit_amount: document.gross,
              product_data: { name: `Doklad ${document.number}` },
            },
          },
        ],
        client_reference_id: documentId,
        metadata: { communityId, documentId },
        payment_intent_data: { metadata: { communityId, documentId } },
        success_url: documentPaymentLink(this.config.PUBLIC_URL, payer, 'done'),
        cancel_url: documentPaymentLink(this.config.PUBLIC_URL, payer, 'cancelled'),
      }),
    );
    await this.database.run(communityId, (tx) =>
      tx.store(BillingStore).openPayment({
        documentId,
        sessionId: session.id,
        amount: document.gross,
        currency: 'czk',
      }),
    );
    if (!session.url)
      throw new BillingException('PAYMENT_PROVIDER_FAILED', 'Stripe returned no Checkout URL');
    return { url: session.url };
  }

  /** The webhook: verify, find the tenant in metadata, process each event id once. */
  async webhook(rawBody: Buffer, signature: string | undefined): Promise<WebhookAnswer> {
    const event = this.stripe.verify(rawBody, signature);
    const object = event.data.object as { metadata?: Record<string, string> | null };
    const communityId = object.metadata?.['communityId'];
    if (!isUuid(communityId)) {
      return { received: true, duplicate: false, ignored: 'no community in metadata' };
    }
    return this.database.run(communityId, async (tx) => {
      const billing = tx.store(BillingStore);
      if ((await billing.communityName()) === undefined) {
        return { received: true, duplicate: false, ignored: 'unknown community' };
      }
      if (!(await billing.claimEvent(event.id, event.type))) {
        return { received: true, duplicate: true };
      }
      const ignored = await this.apply(tx, event);
      return { received: true, duplicate: false, ...(ignored !== undefined ? { ignored } : {}) };
    });
  }

  private async apply(tx: TenantTransaction, event: Stripe.Event): Promise<string | undefined> {
    const billing = tx.store(BillingStore);
    // Only the events Sdílna uses change anything; Stripe sends many more (an if chain: a switch over ~250 types is noise).
    if (event.type === 'checkout.session.completed') {
      const session = event.data.object;
      if (session.mode === 'subscription') {
        const subscriptionId =
          typeof session.subscription === 'string' ? session.subscription : session.subscription?.id;
        if (subscriptionId === undefined) return 'no subscription on the session';
        const customerId =
          typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null);
        await billing.saveSubscription({
          customerId,
          id: subscriptionId,
          status: 'active',
          meteringPoints: null,
          currentPeriodEnd: null,
        });
        return undefined;
      }
      const documentId = session.metadata?.['documentId'];
      if (session.mode !== 'payment' || !isUuid(documentId)) return 'not a document payment';
      if (session.payment_status !== 'paid') return `payment ${session.payment_status}`;
      const document = await tx.store(DocumentStore).find(documentId);
      if (!document) return 'unknown document';
      if (session.amount_total !== document.record.gross || session.currency !== 'czk')
        return 'amount does not match the document';
      await billing.markPaid({
        documentId,
        sessionId: session.id,
        amount: document.record.gross,
        currency: 'czk',
      });
      return undefined;
    }
    if (
      event.type === 'customer.subscription.created' ||
      event.type === 'customer.subscription.updated' ||
      event.type === 'customer.subscription.deleted'
    ) {
      const subscription = event.data.object;
      const item = subscription.items.data[0];
      const periodEnd = item?.current_period_end;
      await billing.saveSubscription({
        customerId:
          typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id,
        id: subscription.id,
        status: subscription.status,
        meteringPoints: item?.quantity ?? null,
        currentPeriodEnd: periodEnd !== undefined ? new Date(periodEnd * 1000) : null,
      });
      return undefined;
    }
    return `event type ${event.type} is not used`;
  }

  private async createCustomer(api: Stripe, communityId: string): Promise<string> {
    const name = await this.database.run(
      communityId,
      async (tx) => (await tx.store(BillingStore).communityName()) ?? '',
    );
    const customer = await this.call(() => api.customers.create({ name, metadata: { communityId } }));
    await this.database.run(communityId, (tx) => tx.store(BillingStore).saveCustomer(customer.id));
    return customer.id;
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof BillingException) throw error;
      throw new BillingException(
        'PAYMENT_PROVIDER_FAILED',
        `Stripe did not answer as expected: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
