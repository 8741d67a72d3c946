import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { DatabaseModule } from '@sdilna/api/data-access-db';
import { ReadingsDataModule } from '@sdilna/api/data-access-readings';
import { RegistryDataModule } from '@sdilna/api/data-access-registry';
import { EdcConnectorWorkerModule } from '@sdilna/api/feature-edc-connector';
import { ImportsWorkerModule } from '@sdilna/api/feature-imports';
import { PaymentsWorkerModule } from '@sdilna/api/feature-payments';
import { NotificationsWorkerModule } from '@sdilna/api/feature-notifications';
import { SettlementsWorkerModule } from '@sdilna/api/feature-settlements';
import { SharingWorkerModule } from '@sdilna/api/feature-sharing';
import { ConfigModule } from '@sdilna/api/util-config';
import { JobsModule } from '@sdilna/api/util-jobs';
import { SendMailHandler } from '@sdilna/api/util-mail';
import { LoggingModule, WorkerObservabilityModule } from '@sdilna/api/util-observability';

import { JobRunner } from './runner/job-runner.service';
import { SchedulesService } from './schedules/schedules.service';
import { PingHandler } from './system/ping.handler';
import { QueuedWorkHandler } from './system/queued-work.handler';

@Module({
  imports: [
    ConfigModule,
    LoggingModule.forRoot(),
    WorkerObservabilityModule,
    DiscoveryModule,
    DatabaseModule,
    JobsModule.forRoot(),
    RegistryDataModule,
    ReadingsDataModule,
    ImportsWorkerModule,
    SharingWorkerModule,
    SettlementsWorkerModule,
    PaymentsWorkerModule,
    EdcConnectorWorkerModule,
    NotificationsWorkerModule,
  ],
  providers: [JobRunner, PingHandler, QueuedWorkHandler, SchedulesService, SendMailHandler],
})
export class WorkerModule {}
