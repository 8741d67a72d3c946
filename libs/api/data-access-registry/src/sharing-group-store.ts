import type { TenantTransaction } from '@sdilna/api/data-access-db';

/** Row locks and reads of a community's sharing groups and their keys, bound to one tenant transaction. */
export class SharingGroupStore {
  constructor(private readonly tx: TenantTransaction) {}

  /** One change of the group at a time (key versions, iteration periods): its row is locked until commit. */
  async lock(groupId: string): Promise<void> {
    await this.tx.query(`SELECT 1 FROM sharing_groups WHERE id = $1 FOR UPDATE`, [groupId]);
  }

  /** The group's static keys (the methods EDC can iterate), oldest first; dates as text. */
  async staticKeys(
    groupId: string,
  ): Promise<Array<{ id: string; valid_from: string; valid_to: string | null; method: string }>> {
    return this.tx.query(
      `SELECT id, valid_from::text, valid_to::text, method FROM allocation_keys
        WHERE sharing_group_id = $1 AND method IN ('static', 'static-iterative')
        ORDER BY valid_from`,
      [groupId],
    );
  }

  /** The pairs of one key version with the EANs of both points, in the order the engine expects. */
  async keyPairs(
    keyId: string,
  ): Promise<Array<{ producer: string; consumer: string; basis_points: number; priority: number }>> {
    return this.tx.query(
      `SELECT p.ean AS producer, c.ean AS consumer, k.basis_points, k.priority
         FROM allocation_key_pairs k
         JOIN metering_points p ON p.community_id = k.community_id AND p.id = k.producer_point_id
         JOIN metering_points c ON c.community_id = k.community_id AND c.id = k.consumer_point_id
        WHERE k.key_id = $1
        ORDER BY p.ean, k.priority, c.ean`,
      [keyId],
    );
  }
}
