import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ImportBatchEntity } from './entities/import-batch.entity';
import { OneStatementReads } from './one-statement-reads';

/** The readings tables and the registry reads that imports and sharing share. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ImportBatchEntity])],
  providers: [OneStatementReads],
  exports: [OneStatementReads],
})
export class ReadingsDataModule {}
