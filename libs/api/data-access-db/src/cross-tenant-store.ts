import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The system store: the only reads that span tenants (schedulers and sweeps listing the communities they then
 * visit one by one with `TenantDatabase.run`). It answers community ids only, through SECURITY DEFINER functions
 * of the migrations; no tenant row leaves here. Besides migrations, the only code allowed to name `community_id`
 * in a WHERE (tenant-predicates.spec.ts).
 */
@Injectable()
export class CrossTenantStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Communities that hold import batches or readings (`communities_with_readings()`, noted by a trigger). */
  async communitiesWithReadings(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT communities_with_readings() AS id`)) as Array<{
      id: string;
    }>;
    return rows.map((row) => row.id);
  }

  /** Communities with an EDC portal connector and the minute of the night it runs at. */
  async connectorCommunities(): Promise<Array<{ communityId: string; nightMinute: number }>> {
    const rows = (await this.dataSource.query(
      `SELECT community_id, night_minute FROM edc_connector_communities()`,
    )) as Array<{ community_id: string; night_minute: number }>;
    return rows.map((row) => ({ communityId: row.community_id, nightMinute: row.night_minute }));
  }

  /** The community whose public page has this slug and is published (`published_community()`), if any. */
  async publishedCommunity(slug: string): Promise<string | undefined> {
    const rows = (await this.dataSource.query(`SELECT published_community($1) AS id`, [slug])) as Array<{
      id: string | null;
    }>;
    return rows[0]?.id ?? undefined;
  }

  /** Communities with notifications not mailed yet on `channel` (`email`: one mail each; `digest`: the daily mail). */
  async communitiesWithUnsentNotifications(channel: 'email' | 'digest'): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT communities_with_unsent_notifications($1) AS id`, [
      channel,
    ])) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }
}
