import { Module } from '@nestjs/common';

import { ConnectorKeys } from './connector-keys';
import { EdcConnectorController } from './edc-connector.controller';
import { EdcConnectorService } from './edc-connector.service';
import { ConnectorJobs } from './jobs/connector-jobs';

/** The HTTP side of the EDC portal connector (API process). */
@Module({
  controllers: [EdcConnectorController],
  providers: [EdcConnectorService, ConnectorKeys, ConnectorJobs],
})
export class EdcConnectorModule {}
