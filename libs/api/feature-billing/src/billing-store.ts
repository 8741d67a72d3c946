import type { TenantTransaction } from '@sdilna/api/data-access-db';

/** The community's own Stripe account (Stripe Connect), where members' card payments go. */
export interface ConnectAccountRecord {
  readonly accountId: string;
  readonly chargesEnabled: boolean;
  readonly detailsSubmitted: boolean;
}

/** A card payment of a document as the signed webhook reports it (a `document_payments` row, source 'card'). */
export interface CardPayment {
  readonly documentId: string;
  readonly sessionId: string;
  /** haléře */
  readonly amount: number;
  readonly currency: string;
  readonly eventId: string;
  readonly connectAccountId: string | null;
  /** the platform's fee in haléře (null: paid to the platform's own account, before Connect) */
  readonly applicationFee: number | null;
}

export interface BillingAccountRecord {
  readonly stripeCustomerId: string | null;
  readonly subscriptionId: string | null;
  readonly subscriptionStatus: string | null;
  readonly meteringPoints: number | null;
  readonly currentPeriodEnd: Date | null;
}

/**
 * The community's Stripe billing: its customer and subscription (`billing_accounts`), processed webhook events
 * (`stripe_events`) and card payments of documents (`document_payments`), bound to one tenant transaction.
 */
export class BillingStore {
  constructor(private readonly tx: TenantTransaction) {}

  async account(): Promise<BillingAccountRecord | undefined> {
    const rows = await this.tx.query<{
      stripe_customer_id: string | null;
      subscription_id: string | null;
      subscription_status: string | null;
      metering_points: number | null;
      current_period_end: Date | null;
    }>(
      `SELECT stripe_customer_id, subscription_id, subscription_status, metering_points, current_period_end
         FROM billing_accounts`,
    );
    const row = rows[0];
    return row
      ? {
          stripeCustomerId: row.stripe_customer_id,
          subscriptionId: row.subscription_id,
          subscriptionStatus: row.subscription_status,
          meteringPoints: row.metering_points,
          currentPeriodEnd: row.current_period_end,
        }
      : undefined;
  }

  async saveCustomer(customerId: string): Promise<void> {
    await this.tx.query(
      `INSERT INTO billing_accounts (community_id, stripe_customer_id) VALUES ($1, $2)
       ON CONFLICT (community_id) DO UPDATE SET stripe_customer_id = EXCLUDED.stripe_customer_id, updated_at = now()`,
      [this.tx.communityId, customerId],
    );
  }

  async saveSubscription(subscription: {
    customerId: string | null;
    id: string;
    status: string;
    meteringPoints: number | null;
    currentPeriodEnd: Date | null;
  }): Promise<void> {
    await this.tx.query(
      `INSERT INTO billing_accounts (community_id, stripe_customer_id, subscription_id, subscription_status, metering_points, current_period_end)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (community_id) DO UPDATE SET stripe_customer_id = coalesce(EXCLUDED.stripe_customer_id, billing_accounts.stripe_customer_id),
         subscription_id = EXCLUDED.subscription_id, subscription_status = EXCLUDED.subscription_status,
         metering_points = coalesce(EXCLUDED.metering_points, billing_accounts.metering_points),
         current_period_end = coalesce(EXCLUDED.current_period_end, billing_accounts.current_period_end), updated_at = now()`,
      [
        this.tx.communityId,
        subscription.customerId,
        subscription.id,
        subscription.status,
        subscription.meteringPoints,
        subscription.currentPeriodEnd,
      ],
    );
  }

  /** Records an event as processed; false when it was processed before (a replay), so the caller changes nothing. */
  async claimEvent(eventId: string, type: string): Promise<boolean> {
    const rows = await this.tx.query<unknown>(
      `INSERT INTO stripe_events (community_id, event_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.tx.communityId, eventId, type],
    );
    return rows.length === 1;
  }

  async openPayment(payment: {
    documentId: string;
    sessionId: string;
    amount: number;
    currency: string;
  }): Promise<void> {
    await this.tx.query(
      `INSERT INTO document_payments (community_id, document_id, checkout_session_id, amount, currency, status)
       VALUES ($1, $2, $3, $4, $5, 'open') ON CONFLICT DO NOTHING`,
      [this.tx.communityId, payment.documentId, payment.sessionId, payment.amount, payment.currency],
    );
  }

  /**
   * Records a card payment of a document, once per webhook event: the one place a card payment is written
   * (`document_payments`, `source = 'card'`). Answers false when this event was recorded before.
   */
  async recordCardPayment(payment: CardPayment): Promise<boolean> {
    const rows = await this.tx.query<unknown>(
      `INSERT INTO document_payments (community_id, document_id, checkout_session_id, amount, currency, status, paid_at,
          source, connect_account_id, application_fee, stripe_event_id)
       VALUES ($1, $2, $3, $4, $5, 'paid', now(), 'card', $6, $7, $8)
       ON CONFLICT (community_id, document_id, checkout_session_id) DO UPDATE
         SET status = 'paid', paid_at = now(), stripe_event_id = EXCLUDED.stripe_event_id,
             connect_account_id = EXCLUDED.connect_account_id, application_fee = EXCLUDED.application_fee
         WHERE document_payments.status <> 'paid'
       RETURNING document_id`,
      [
        this.tx.communityId,
        payment.documentId,
        payment.sessionId,
        payment.amount,
        payment.currency,
        payment.connectAccountId,
        payment.applicationFee,
        payment.eventId,
      ],
    );
    return rows.length === 1;
  }

  async connectAccount(): Promise<ConnectAccountRecord | undefined> {
    const [row] = await this.tx.query<{
      connect_account_id: string | null;
      connect_charges_enabled: boolean;
      connect_details_submitted: boolean;
    }>(`SELECT connect_account_id, connect_charges_enabled, connect_details_submitted FROM billing_accounts`);
    return row?.connect_account_id
      ? {
          accountId: row.connect_account_id,
          chargesEnabled: row.connect_charges_enabled,
          detailsSubmitted: row.connect_details_submitted,
        }
      : undefined;
  }

  async saveConnectAccount(account: ConnectAccountRecord): Promise<void> {
    await this.tx.query(
      `INSERT INTO billing_accounts (community_id, connect_account_id, connect_charges_enabled, connect_details_submitted)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (community_id) DO UPDATE SET connect_account_id = EXCLUDED.connect_account_id,
         connect_charges_enabled = EXCLUDED.connect_charges_enabled,
         connect_details_submitted = EXCLUDED.connect_details_submitted, updated_at = now()`,
      [this.tx.communityId, account.accountId, account.chargesEnabled, account.detailsSubmitted],
    );
  }

  async payments(documentId: string): Promise<
    Array<{
      status: string;
      amount: number;
      paidAt: Date | null;
      source: 'card' | 'bank' | 'manual';
      applicationFee: number | null;
    }>
  > {
    const rows = await this.tx.query<{
      status: string;
      amount: string;
      paid_at: Date | null;
      application_fee: string | null;
      source: 'card' | 'bank' | 'manual';
    }>(
      // every payment of the document: card payments of Stripe, bank entries matched or assigned (issue 21)
      `SELECT status, amount, paid_at, application_fee, source FROM document_payments WHERE document_id = $1 ORDER BY created_at`,
      [documentId],
    );
    return rows.map((row) => ({
      status: row.status,
      amount: Number(row.amount),
      paidAt: row.paid_at,
      source: row.source,
      applicationFee: row.application_fee === null ? null : Number(row.application_fee),
    }));
  }

  /** The name of the transaction's community, or undefined when it does not exist (RLS shows only that one). */
  async communityName(): Promise<string | undefined> {
    const [row] = await this.tx.query<{ name: string }>(`SELECT name FROM communities`);
    return row?.name;
  }

  /** Metering points registered in the community today: the subscription's quantity. */
  async activeMeteringPoints(today: string): Promise<number> {
    const [row] = await this.tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM metering_points
        WHERE valid_from <= $1::date AND (valid_to IS NULL OR valid_to >= $1::date)`,
      [today],
    );
    return row?.n ?? 0;
  }
}
