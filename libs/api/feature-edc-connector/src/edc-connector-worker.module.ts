import { Module } from '@nestjs/common';

import { ImportsWorkerModule } from '@sdilna/api/feature-imports';
import { MailModule } from '@sdilna/api/util-mail';

import { ConnectorKeys } from './connector-keys';
import { ConnectorJobs } from './jobs/connector-jobs';
import { ConnectorRunner } from './jobs/connector-runner';
import { ConnectorSchedules } from './jobs/connector-schedules';
import { FetchNowHandler } from './jobs/fetch.handler';
import { NightlyFetchHandler } from './jobs/nightly.handler';

/** The worker side: the nightly and fetch-now runs, and the schedules kept at start. */
@Module({
  imports: [ImportsWorkerModule, MailModule],
  providers: [
    ConnectorKeys,
    ConnectorJobs,
    ConnectorRunner,
    ConnectorSchedules,
    NightlyFetchHandler,
    FetchNowHandler,
  ],
  exports: [ConnectorRunner],
})
export class EdcConnectorWorkerModule {}
