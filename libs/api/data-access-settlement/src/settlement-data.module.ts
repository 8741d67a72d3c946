import { Module } from '@nestjs/common';

import { ReadingsDataModule } from '@sdilna/api/data-access-readings';

import { BillingStore } from './billing-store';
import { DocumentStore } from './document-store';
import { PriceListStore } from './price-list-store';
import { SettlementSettingsStore } from './settlement-settings-store';
import { SettlementSource } from './settlement-source';
import { SettlementStore } from './settlement-store';

const STORES = [
  BillingStore,
  DocumentStore,
  PriceListStore,
  SettlementSettingsStore,
  SettlementSource,
  SettlementStore,
];

/** Settlement, document and billing tables (migration 1795600000000), as plain SQL in tenant transactions. */
@Module({ imports: [ReadingsDataModule], providers: STORES, exports: STORES })
export class SettlementDataModule {}
