import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { DatabaseModule } from '@sdilna/api/data-access-db';
import { ConfigModule } from '@sdilna/api/util-config';
import { JobsModule } from '@sdilna/api/util-jobs';

import { JobRunner } from './runner/job-runner.service';
import { PingHandler } from './system/ping.handler';

@Module({
  imports: [ConfigModule, DiscoveryModule, DatabaseModule, JobsModule.forRoot()],
  providers: [JobRunner, PingHandler],
})
export class WorkerModule {}
