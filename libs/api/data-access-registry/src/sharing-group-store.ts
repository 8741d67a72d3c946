import type { TenantTransaction } from '@sdilna/api/data-access-db';

import { SharingGroupEntity } from './entities/sharing-group.entity';

/** The group a registration goes to, or why there is none (each feature throws its own exception). */
export type GroupResolution =
  | { readonly id: string }
  | { readonly code: 'SHARING_GROUP_NOT_FOUND' | 'SHARING_GROUP_REQUIRED'; readonly message: string };

/** Row locks and reads of a community's sharing groups and their keys, bound to one tenant transaction. */
export class SharingGroupStore {
  constructor(private readonly tx: TenantTransaction) {}

  /**
   * The named group when it exists, or the community's only group when none is named; a community with several
   * groups must name one (metering points and allocation keys both register into a group this way).
   */
  async resolve(groupId: string | undefined): Promise<GroupResolution> {
    if (groupId !== undefined) {
      return (await this.tx.manager.exists(SharingGroupEntity, { where: { id: groupId } }))
        ? { id: groupId }
        : { code: 'SHARING_GROUP_NOT_FOUND', message: 'No such sharing group in this community' };
    }
    const [only, second] = await this.tx.manager.find(SharingGroupEntity, { select: { id: true }, take: 2 });
    if (only === undefined || second !== undefined) {
      return {
        code: 'SHARING_GROUP_REQUIRED',
        message: 'The community has several sharing groups; name one (sharingGroupId)',
      };
    }
    return { id: only.id };
  }

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
