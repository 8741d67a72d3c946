import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ImportBatchEntity } from './entities/import-batch.entity';
import { OneStatementReads } from './one-statement-reads';
import { ReadingsStore } from './readings-store';
import { RegistryReader } from './registry-reader';

/** The readings tables and the registry reads that imports and sharing share. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ImportBatchEntity])],
  providers: [ReadingsStore, RegistryReader, OneStatementReads],
  exports: [ReadingsStore, RegistryReader, OneStatementReads],
})
export class ReadingsDataModule {}
