import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CrossTenantStore, TenantDatabase } from '@sdilna/api/data-access-db';
import { AppConfig } from '@sdilna/api/util-config';

import { ConnectorKeys } from '../connector-keys';
import { nightMinute } from '../connector-plan';
import { ConnectorStore } from '../connector-store';
import { ConnectorJobs, nightlySchedulerId } from './connector-jobs';

/**
 * At worker start: one nightly schedule per community with stored credentials (and none for a community that
 * removed them), and every credentials envelope sealed with an older key sealed again with the newest one, so a
 * key rotation completes with one restart and the old key can then be dropped.
 */
@Injectable()
export class ConnectorSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger('EdcConnector');

  constructor(
    private readonly system: CrossTenantStore,
    private readonly db: TenantDatabase,
    private readonly keys: ConnectorKeys,
    private readonly jobs: ConnectorJobs,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connectors = await this.system.connectorCommunities();
    const wanted = new Set<string>();
    let resealed = 0;
    for (const connector of this.keys.available ? connectors : []) {
      wanted.add(nightlySchedulerId(connector.communityId));
      // A changed EDC_NIGHT_WINDOW moves every community's minute into the new window at the next start.
      const minute = nightMinute(connector.communityId, this.config.EDC_NIGHT_WINDOW);
      if (minute !== connector.nightMinute)
        await this.db.run(connector.communityId, (tx) => tx.store(ConnectorStore).setNightMinute(minute));
      await this.jobs.schedule(connector.communityId, minute);
      if (await this.reseal(connector.communityId)) resealed++;
    }
    for (const id of await this.jobs.schedulerIds())
      if (!wanted.has(id)) await this.jobs.unschedule(id.slice('edc-nightly:'.length));
    if (connectors.length > 0)
      this.logger.log(
        `EDC connector: ${wanted.size} nightly schedule(s)${resealed > 0 ? `, ${resealed} credential envelope(s) re-encrypted with the newest key` : ''}`,
      );
  }

  private async reseal(communityId: string): Promise<boolean> {
    const cipher = this.keys.cipher();
    return this.db.run(communityId, async (tx) => {
      const row = await tx.store(ConnectorStore).find();
      if (row === undefined || !cipher.isStale(row.credentialsKeyId)) return false;
      try {
        const sealed = cipher.seal(communityId, cipher.open(communityId, row.credentials));
        await tx.store(ConnectorStore).reseal(sealed.envelope, sealed.keyId);
        return true;
      } catch (error) {
        this.logger.warn(
          `EDC connector of community ${communityId}: ${error instanceof Error ? error.message : 'unreadable credentials'}`,
        );
        return false;
      }
    });
  }
}
