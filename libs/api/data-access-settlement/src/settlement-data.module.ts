import { Module } from '@nestjs/common';

import { ReadingsDataModule } from '@sdilna/api/data-access-readings';

/**
 * The settlement data: every store (`SettlementSource`, `SettlementStore`, `DocumentStore`, `PriceListStore`,
 * `SettlementSettingsStore`) is bound to a tenant transaction: `tx.store(SettlementStore)`.
 */
@Module({ imports: [ReadingsDataModule] })
export class SettlementDataModule {}
