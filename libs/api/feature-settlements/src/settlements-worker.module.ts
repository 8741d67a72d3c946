import { Module } from '@nestjs/common';

import { SettlementDataModule } from '@sdilna/api/data-access-settlement';
import { MailModule } from '@sdilna/api/util-mail';

import { DeliverDocumentHandler } from './deliveries/deliver-document.handler';
import { DeliveryJobs } from './deliveries/delivery-jobs';
import { PrepareMonthlyHandler } from './jobs/prepare-monthly.handler';
import { SettleHandler } from './jobs/settle.handler';
import { SettlementJobs } from './jobs/settlement-jobs';
import { SettlementSchedule } from './jobs/settlement-schedule';
import { SettlementRunner } from './settlements/settlement-runner';

/** The worker side: computing draft runs, the monthly schedule that prepares them, mailing issued documents. */
@Module({
  imports: [SettlementDataModule, MailModule],
  providers: [
    SettlementRunner,
    SettleHandler,
    PrepareMonthlyHandler,
    SettlementJobs,
    SettlementSchedule,
    DeliverDocumentHandler,
    DeliveryJobs,
  ],
  exports: [SettlementRunner, SettlementJobs, DeliveryJobs],
})
export class SettlementsWorkerModule {}
