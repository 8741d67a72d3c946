import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { DatabaseModule } from '@sdilna/api/data-access-db';
import { HealthModule } from '@sdilna/api/feature-health';
import { ConfigModule } from '@sdilna/api/util-config';
import { ApiExceptionFilter } from '@sdilna/api/util-http';
import { JobsModule } from '@sdilna/api/util-jobs';

@Module({
  imports: [ConfigModule, DatabaseModule, JobsModule.forRoot(), HealthModule],
  providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
})
export class AppModule {}
