import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface BillingAccountRecord {
  readonly stripeCustomerId: string | null;
  readonly subscriptionId: string | null;
  readonly subscriptionStatus: string | null;
  readonly meteringPoints: number | null;
  readonly currentPeriodEnd: Date | null;
}

@Injectable()
export class BillingStore {
  async account(manager: EntityManager, communityId: string): Promise<BillingAccountRecord | undefined> {
    const rows: Array<{
      stripe_customer_id: string | null;
      subscription_id: string | null;
      subscription_status: string | null;
      metering_points: number | null;
      current_period_end: Date | null;
    }> = await manager.query(
      `SELECT stripe_customer_id, subscription_id, subscription_status, metering_points, current_period_end
         FROM billing_accounts WHERE community_id = $1`,
      [communityId],
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

  async saveCustomer(manager: EntityManager, communityId: string, customerId: string): Promise<void> {
    await manager.query(
      `INSERT INTO billing_accounts (community_id, stripe_customer_id) VALUES ($1, $2)
       ON CONFLICT (community_id) DO UPDATE SET stripe_customer_id = EXCLUDED.stripe_customer_id, updated_at = now()`,
      [communityId, customerId],
    );
  }

  async saveSubscription(
    manager: EntityManager,
    communityId: string,
    subscription: {
      customerId: string | null;
      id: string;
      status: string;
      meteringPoints: number | null;
      currentPeriodEnd: Date | null;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO billing_accounts (community_id, stripe_customer_id, subscription_id, subscription_status, metering_points, current_period_end)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (community_id) DO UPDATE SET stripe_customer_id = coalesce(EXCLUDED.stripe_customer_id, billing_accounts.stripe_customer_id),
         subscription_id = EXCLUDED.subscription_id, subscription_status = EXCLUDED.subscription_status,
         metering_points = coalesce(EXCLUDED.metering_points, billing_accounts.metering_points),
         current_period_end = coalesce(EXCLUDED.current_period_end, billing_accounts.current_period_end), updated_at = now()`,
      [
        communityId,
        subscription.customerId,
        subscription.id,
        subscription.status,
        subscription.meteringPoints,
        subscription.currentPeriodEnd,
      ],
    );
  }

  /** Records an event as processed; false when it was processed before (a replay), so the caller changes nothing. */
  async claimEvent(
    manager: EntityManager,
    communityId: string,
    eventId: string,
    type: string,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO stripe_events (community_id, event_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
      [communityId, eventId, type],
    );
    return rows.length === 1;
  }

  async openPayment(
    manager: EntityManager,
    communityId: string,
    payment: { documentId: string; sessionId: string; amount: number; currency: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO document_payments (community_id, document_id, checkout_session_id, amount, currency, status)
       VALUES ($1, $2, $3, $4, $5, 'open') ON CONFLICT DO NOTHING`,
      [communityId, payment.documentId, payment.sessionId, payment.amount, payment.currency],
    );
  }

  async markPaid(
    manager: EntityManager,
    communityId: string,
    payment: { documentId: string; sessionId: string; amount: number; currency: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO document_payments (community_id, document_id, checkout_session_id, amount, currency, status, paid_at)
       VALUES ($1, $2, $3, $4, $5, 'paid', now())
       ON CONFLICT (community_id, document_id, checkout_session_id) DO UPDATE SET status = 'paid', paid_at = now()`,
      [communityId, payment.documentId, payment.sessionId, payment.amount, payment.currency],
    );
  }

  async payments(
    manager: EntityManager,
    communityId: string,
    documentId: string,
  ): Promise<Array<{ status: string; amount: number; paidAt: Date | null }>> {
    const rows: Array<{ status: string; amount: string; paid_at: Date | null }> = await manager.query(
      `SELECT status, amount, paid_at FROM document_payments WHERE community_id = $1 AND document_id = $2 ORDER BY created_at`,
      [communityId, documentId],
    );
    return rows.map((row) => ({ status: row.status, amount: Number(row.amount), paidAt: row.paid_at }));
  }

  /** Metering points registered in the community today: the subscription's quantity. */
  async activeMeteringPoints(manager: EntityManager, communityId: string, today: string): Promise<number> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM metering_points
        WHERE community_id = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)`,
      [communityId, today],
    )) as Array<{ n: number }>;
    return row?.n ?? 0;
  }
}
