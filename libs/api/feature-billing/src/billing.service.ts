import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import { DocumentStore, PaymentStore } from '@sdilna/api/data-access-settlement';
import { isUuid, type Principal } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { pragueToday } from '@sdilna/api/util-registry';
import { type ConnectStatus, moneyText } from '@sdilna/shared/util-api-contract';
import {
  billingConnectLink,
  billingLink,
  billingPortalReturnLink,
  documentPaymentLink,
} from '@sdilna/shared/util-portal-routes';

import { BillingStore, type ConnectAccountRecord } from './billing-store';
import { BillingException } from './billing.exception';
import type { BillingStatusView, CardPaymentsView, RedirectView, WebhookAnswer } from './dtos/billing.dto';
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
    const { account, connect } = await this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      return {
        account: await tx.store(BillingStore).account(),
        connect: await tx.store(BillingStore).connectAccount(),
      };
    });
    // Back from onboarding, the account is asked how far it is (Stripe tells Connect endpoints by `account.updated`
    // too; this keeps a platform without a Connect webhook endpoint right).
    const current =
      this.stripe.enabled && connect && !connect.chargesEnabled
        ? await this.refreshConnect(communityId, connect.accountId).catch(() => connect)
        : connect;
    return {
      enabled: this.stripe.enabled,
      ...(account?.subscriptionStatus ? { subscriptionStatus: account.subscriptionStatus } : {}),
      ...(account?.meteringPoints !== null && account?.meteringPoints !== undefined
        ? { meteringPoints: account.meteringPoints }
        : {}),
      ...(account?.currentPeriodEnd ? { currentPeriodEnd: account.currentPeriodEnd.toISOString() } : {}),
      ...(this.stripe.enabled
        ? {
            connect: {
              status: connectStatusOf(current),
              ...(current ? { accountId: current.accountId } : {}),
              applicationFeeBp: this.config.STRIPE_APPLICATION_FEE_BP,
            },
          }
        : {}),
    };
  }

  /**
   * Stripe Connect onboarding: creates the community's own Express account once (metadata names the community),
   * then a fresh onboarding link every time (links expire; Stripe sends the administrator back to `?connect=refresh`).
   */
  async connect(principal: Principal, communityId: string): Promise<RedirectView> {
    const existing = await this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      return tx.store(BillingStore).connectAccount();
    });
    const api = this.stripe.api();
    let accountId = existing?.accountId;
    if (accountId === undefined) {
      const created = await this.call(() =>
        api.accounts.create({
          type: 'express',
          country: 'CZ',
          default_currency: 'czk',
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
          metadata: { communityId },
        }),
      );
      accountId = created.id;
      await this.database.run(communityId, (tx) =>
        tx.store(BillingStore).saveConnectAccount({
          accountId: created.id,
          chargesEnabled: created.charges_enabled === true,
          detailsSubmitted: created.details_submitted === true,
        }),
      );
    }
    const account = accountId;
    const link = await this.call(() =>
      api.accountLinks.create({
        account,
        type: 'account_onboarding',
        refresh_url: billingConnectLink(this.config.PUBLIC_URL, communityId, 'refresh'),
        return_url: billingConnectLink(this.config.PUBLIC_URL, communityId, 'done'),
      }),
    );
    return { url: link.url };
  }

  /** Whether the caller may pay documents by card: billing on and the community's own Stripe account active. */
  async cardPayments(principal: Principal, communityId: string): Promise<CardPaymentsView> {
    return this.database.run(communityId, async (tx) => {
      await this.access.resolveIn(tx, principal);
      const connect = await tx.store(BillingStore).connectAccount();
      return { enabled: this.stripe.enabled && connect?.chargesEnabled === true };
    });
  }

  private async refreshConnect(
    communityId: string,
    accountId: string,
  ): Promise<ConnectAccountRecord | undefined> {
    const account = await this.call(() => this.stripe.api().accounts.retrieve(accountId));
    const record = {
      accountId,
      chargesEnabled: account.charges_enabled === true,
      detailsSubmitted: account.details_submitted === true,
    };
    await this.database.run(communityId, (tx) => tx.store(BillingStore).saveConnectAccount(record));
    return record;
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
    const { document, payer, connect } = await this.database.run(communityId, async (tx) => {
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
      // A card pays the whole gross: not once anything of the invoice is paid (by bank, by hand or by card).
      const [state] = await tx.store(PaymentStore).states([found.record], pragueToday());
      if (state !== undefined && state.paid > 0) {
        throw new BillingException(
          'DOCUMENT_ALREADY_PAID',
          `${found.record.number} is ${state.status === 'paid' ? 'paid' : `paid in part (${moneyText(state.paid)} CZK); pay the rest of ${moneyText(state.outstanding)} CZK by bank transfer with its variable symbol`}`,
        );
      }
      // Stripe sends the payer back to the documents page they paid from: an administrator paying on the buyer's
      // behalf to the admin's page, the buyer (or whoever sees it as a member) to the member's page.
      const payer = access.isAdmin ? { communityId } : { communityId, memberId: found.record.buyerId };
      return { document: found.record, payer, connect: await tx.store(BillingStore).connectAccount() };
    });
    const api = this.stripe.api();
    // The money goes to the community's own account, never the platform's: no card payment without Connect.
    if (!connect?.chargesEnabled) {
      throw new BillingException(
        'CARD_PAYMENTS_OFF',
        "The community has not connected an active Stripe account; pay by bank transfer with the document's variable symbol",
      );
    }
    const applicationFee = applicationFeeOf(document.gross, this.config.STRIPE_APPLICATION_FEE_BP);
    const metadata = { communityId, documentId, connectAccountId: connect.accountId };
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
        metadata,
        // A destination charge: the community's account receives the payment, the platform keeps its fee.
        payment_intent_data: {
          metadata,
          application_fee_amount: applicationFee,
          on_behalf_of: connect.accountId,
          transfer_data: { destination: connect.accountId },
        },
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
      const connectAccountId = session.metadata?.['connectAccountId'];
      const recorded = await billing.recordCardPayment({
        documentId,
        sessionId: session.id,
        amount: document.record.gross,
        currency: 'czk',
        eventId: event.id,
        connectAccountId:
          connectAccountId !== undefined && /^acct_\w+$/.test(connectAccountId) ? connectAccountId : null,
        applicationFee:
          connectAccountId === undefined
            ? null
            : applicationFeeOf(document.record.gross, this.config.STRIPE_APPLICATION_FEE_BP),
      });
      return recorded ? undefined : 'the session was recorded as paid before';
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
    if (event.type === 'account.updated') {
      const account = event.data.object;
      const known = await billing.connectAccount();
      if (known?.accountId !== account.id) return 'not the community’s connected account';
      await billing.saveConnectAccount({
        accountId: account.id,
        chargesEnabled: account.charges_enabled === true,
        detailsSubmitted: account.details_submitted === true,
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

/** The platform's fee on a card payment: `bp` basis points of the amount, rounded half up to whole haléře. */
export function applicationFeeOf(amount: number, bp: number): number {
  return Math.floor((amount * bp + 5000) / 10_000);
}

function connectStatusOf(account: ConnectAccountRecord | undefined): ConnectStatus {
  if (!account) return 'not-connected';
  return account.chargesEnabled ? 'active' : 'onboarding';
}
