import { Module } from '@nestjs/common';

import { SettlementDataModule } from '@sdilna/api/data-access-settlement';

import { BillingController } from './billing.controller';
import { BillingService } from './billing.service';
import { StripeClient } from './stripe-client';

/** Stripe billing: subscription, customer portal, card payment of documents, the signed webhook. */
@Module({
  imports: [SettlementDataModule],
  controllers: [BillingController],
  providers: [BillingService, StripeClient],
})
export class BillingModule {}
