import { Module } from '@nestjs/common';

import { SettlementDataModule } from '@sdilna/api/data-access-settlement';

import { DeliveriesController } from './deliveries/deliveries.controller';
import { DeliveriesService } from './deliveries/deliveries.service';
import { DeliveryJobs } from './deliveries/delivery-jobs';
import { DocumentIssuer } from './documents/document-issuer';
import { AccountingExportController } from './documents/accounting-export.controller';
import { AccountingExportService } from './documents/accounting-export.service';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsService } from './documents/documents.service';
import { SettlementJobs } from './jobs/settlement-jobs';
import { PriceListsController } from './price-lists/price-lists.controller';
import { PriceListsService } from './price-lists/price-lists.service';
import { SettlementsController } from './settlements/settlements.controller';
import { SettlementsService } from './settlements/settlements.service';

/** The API side of settlement: price lists, runs (draft → approved → final), documents and exports. */
@Module({
  imports: [SettlementDataModule],
  controllers: [
    PriceListsController,
    SettlementsController,
    DocumentsController,
    AccountingExportController,
    DeliveriesController,
  ],
  providers: [
    PriceListsService,
    SettlementsService,
    DocumentsService,
    AccountingExportService,
    DocumentIssuer,
    SettlementJobs,
    DeliveriesService,
    DeliveryJobs,
  ],
})
export class SettlementsModule {}
