import type { TenantTransaction } from '@sdilna/api/data-access-db';

import type { AllocationKey, AllocationMethod } from '@sdilna/shared/domain-allocation';
import type { CommunityType } from '@sdilna/shared/domain-core';
import type { MeteringRole } from '@sdilna/shared/domain-edc';

import { GroupRounds } from './group-rounds';
import { IterationPeriodStore } from './iteration-periods';

export interface RegisteredPoint {
  readonly id: string;
  readonly ean: string;
  readonly role: MeteringRole;
  readonly memberId: string;
  readonly sharingGroupId: string;
  readonly validFrom: string;
  /** inclusive; null while the point is open-ended */
  readonly validTo: string | null;
  readonly label: string | null;
}

export interface RegisteredKeyVersion {
  readonly id: string;
  readonly sharingGroupId: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly key: AllocationKey;
}

export function isValidOn(item: { validFrom: string; validTo: string | null }, day: string): boolean {
  return item.validFrom <= day && (item.validTo === null || day <= item.validTo);
}

/**
 * The few registry reads imports and sharing need, as plain SQL over the registry schema (migration
 * 1795400200000) so this library does not depend on the registry's services. Dates come back as text:
 * the driver would turn a `date` into a JavaScript Date at local midnight. Bound to one tenant transaction:
 * row-level security filters every read to its community.
 */
export class RegistryReader {
  constructor(private readonly tx: TenantTransaction) {}

  /** The community's points; `memberIds` narrows to those members' points (a member's own view). */
  async points(filter: { readonly memberIds?: readonly string[] } = {}): Promise<RegisteredPoint[]> {
    const rows: Array<{
      id: string;
      ean: string;
      role: MeteringRole;
      member_id: string;
      sharing_group_id: string;
      valid_from: string;
      valid_to: string | null;
      label: string | null;
    }> = await this.tx.query(
      `SELECT id, ean, role, member_id, sharing_group_id, valid_from::text, valid_to::text, label
         FROM metering_points
        WHERE ($1::uuid[] IS NULL OR member_id = ANY($1::uuid[]))
        ORDER BY ean, valid_from`,
      [filter.memberIds ?? null],
    );
    return rows.map((row) => ({
      id: row.id,
      ean: row.ean,
      role: row.role,
      memberId: row.member_id,
      sharingGroupId: row.sharing_group_id,
      validFrom: row.valid_from,
      validTo: row.valid_to,
      label: row.label,
    }));
  }

  /** Key versions of the community valid on at least one day of [from, to], with their pairs by EAN. */
  async keyVersions(from: string, to: string): Promise<RegisteredKeyVersion[]> {
    const keys: Array<{
      id: string;
      sharing_group_id: string;
      valid_from: string;
      valid_to: string | null;
      method: AllocationMethod;
    }> = await this.tx.query(
      `SELECT id, sharing_group_id, valid_from::text, valid_to::text, method
         FROM allocation_keys
        WHERE valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $1::date)
        ORDER BY valid_from`,
      [from, to],
    );
    if (keys.length === 0) return [];
    const pairs: Array<{
      key_id: string;
      producer: string;
      consumer: string;
      basis_points: number;
      priority: number;
    }> = await this.tx.query(
      `SELECT p.key_id, pp.ean AS producer, cp.ean AS consumer, p.basis_points, p.priority
         FROM allocation_key_pairs p
         JOIN metering_points pp ON pp.community_id = p.community_id AND pp.id = p.producer_point_id
         JOIN metering_points cp ON cp.community_id = p.community_id AND cp.id = p.consumer_point_id
        WHERE p.key_id = ANY($1::uuid[])
        ORDER BY p.key_id, pp.ean, cp.ean`,
      [keys.map((key) => key.id)],
    );
    return keys.map((key) => ({
      id: key.id,
      sharingGroupId: key.sharing_group_id,
      validFrom: key.valid_from,
      validTo: key.valid_to,
      key: {
        method: key.method,
        allocations: pairs
          .filter((pair) => pair.key_id === key.id)
          .map((pair) => ({
            producer: pair.producer,
            consumer: pair.consumer,
            basisPoints: pair.basis_points,
            priority: pair.priority,
          })),
      },
    }));
  }

  /** EDC's rounds per group and day: the community's type and every group's requests for iteration. */
  async groupRounds(): Promise<GroupRounds> {
    const [community]: Array<{ type: CommunityType }> = await this.tx.query(`SELECT type FROM communities`);
    if (community === undefined) throw new Error(`community ${this.tx.communityId} is not visible`);
    return new GroupRounds(community.type, await this.tx.store(IterationPeriodStore).byGroup());
  }

  async sharingGroupNames(): Promise<Map<string, string>> {
    const rows: Array<{ id: string; name: string }> = await this.tx.query(
      `SELECT id, name FROM sharing_groups`,
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}
