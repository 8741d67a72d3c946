import { Module } from '@nestjs/common';

import { ReadingsDataModule } from '@sdilna/api/data-access-readings';

import { SettlementSource } from './settlement-source';

/**
 * The settlement source (an injectable over the readings stores). The settlement and document tables' stores
 * (`SettlementStore`, `DocumentStore`, `PriceListStore`, `SettlementSettingsStore`) are bound to a tenant
 * transaction: `tx.store(SettlementStore)`.
 */
@Module({ imports: [ReadingsDataModule], providers: [SettlementSource], exports: [SettlementSource] })
export class SettlementDataModule {}
