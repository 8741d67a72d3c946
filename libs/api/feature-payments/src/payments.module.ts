import { Module } from '@nestjs/common';

import { SettlementDataModule } from '@sdilna/api/data-access-settlement';

import { ManualPaymentsController } from './overview/manual-payments.controller';
import { PaymentsOverviewController } from './overview/payments-overview.controller';
import { PaymentsOverviewService } from './overview/payments-overview.service';
import { PayoutsController } from './payouts/payouts.controller';
import { PayoutsService } from './payouts/payouts.service';
import { StatementsController } from './statements/statements.controller';
import { StatementsService } from './statements/statements.service';

/** The API side of payments: bank statements and their matching, the payment overview, payouts. */
@Module({
  imports: [SettlementDataModule],
  controllers: [
    StatementsController,
    PaymentsOverviewController,
    ManualPaymentsController,
    PayoutsController,
  ],
  providers: [StatementsService, PaymentsOverviewService, PayoutsService],
})
export class PaymentsModule {}
