import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';

import { AppConfig } from '@sdilna/api/util-config';

import { BillingException } from './billing.exception';

export type StripeApi = Stripe;

/**
 * The one Stripe client of the API. Without STRIPE_SECRET_KEY billing is off and every billing endpoint answers
 * BILLING_DISABLED; STRIPE_API_BASE points the real library at another host (the tests' local stub).
 */
@Injectable()
export class StripeClient {
  private client: StripeApi | undefined;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.stripeEnabled;
  }

  api(): StripeApi {
    const key = this.config.STRIPE_SECRET_KEY;
    if (key === undefined)
      throw new BillingException('BILLING_DISABLED', 'Billing is off: no Stripe key is configured');
    if (!this.client) {
      const base =
        this.config.STRIPE_API_BASE === undefined ? undefined : new URL(this.config.STRIPE_API_BASE);
      this.client = new Stripe(key, {
        maxNetworkRetries: 1,
        timeout: 10_000,
        ...(base
          ? {
              host: base.hostname,
              port: base.port === '' ? (base.protocol === 'https:' ? 443 : 80) : Number(base.port),
              protocol: base.protocol === 'http:' ? 'http' : 'https',
            }
          : {}),
      });
    }
    return this.client;
  }

  /** Verifies the signature of a webhook delivery; throws WEBHOOK_SIGNATURE_INVALID on any mismatch. */
  verify(rawBody: Buffer, signature: string | undefined): Stripe.Event {
    const secret = this.config.STRIPE_WEBHOOK_SECRET;
    if (!this.enabled || secret === undefined) {
      throw new BillingException(
        'BILLING_DISABLED',
        'Billing is off: no Stripe webhook secret is configured',
      );
    }
    if (signature === undefined)
      throw new BillingException('WEBHOOK_SIGNATURE_INVALID', 'Stripe-Signature header is missing');
    let event: Stripe.Event;
    try {
      event = this.api().webhooks.constructEvent(rawBody, signature, secret);
    } catch (error) {
      throw new BillingException(
        'WEBHOOK_SIGNATURE_INVALID',
        error instanceof Error ? error.message : 'signature mismatch',
      );
    }
    return requireEventShape(event);
  }
}

/**
 * A signature proves who sent the bytes, not that they hold an event: one without `data.object` answered 500.
 * Checked here, so the handlers can read the fields every event has.
 */
function requireEventShape(event: Stripe.Event): Stripe.Event {
  const candidate = event as unknown as { id?: unknown; type?: unknown; data?: { object?: unknown } | null };
  const object =
    typeof candidate.data === 'object' && candidate.data !== null ? candidate.data.object : undefined;
  if (
    typeof candidate.id !== 'string' ||
    typeof candidate.type !== 'string' ||
    typeof object !== 'object' ||
    object === null ||
    Array.isArray(object)
  ) {
    throw new BillingException(
      'WEBHOOK_EVENT_MALFORMED',
      'The signed event has no id, type or data.object; expected a Stripe event',
    );
  }
  return event;
}
