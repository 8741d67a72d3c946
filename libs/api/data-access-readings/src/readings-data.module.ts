import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { DataCompleteness } from './data-completeness';
import { EdcDaysStore } from './edc-days-store';
import { ImportBatchEntity } from './entities/import-batch.entity';
import { OneStatementReads } from './one-statement-reads';
import { PairReadingsStore } from './pair-readings-store';
import { ReadingsStore } from './readings-store';
import { RegistryReader } from './registry-reader';
import { SharingRunsStore } from './sharing-runs-store';

/** The readings tables and the registry reads that imports and sharing share. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ImportBatchEntity])],
  providers: [
    ReadingsStore,
    RegistryReader,
    OneStatementReads,
    EdcDaysStore,
    PairReadingsStore,
    SharingRunsStore,
    DataCompleteness,
  ],
  exports: [
    ReadingsStore,
    RegistryReader,
    OneStatementReads,
    EdcDaysStore,
    PairReadingsStore,
    SharingRunsStore,
    DataCompleteness,
  ],
})
export class ReadingsDataModule {}
