import { Injectable } from '@nestjs/common';
import type { EntityManager, WhereExpressionBuilder } from 'typeorm';

import type { CommunityRole, Principal } from '@sdilna/api/util-auth';

import { AccessException } from './access.exception';
import { CommunityEntity } from './entities/community.entity';

interface ResolvedRow {
  readonly id: string;
  readonly type: CommunityEntity['type'];
  readonly name: string;
  readonly ico: string | null;
  readonly address: string | null;
  readonly territory_orp: string[];
  readonly created_at: Date;
  /** `role|member id` (empty after the bar for none) */
  readonly memberships: string[];
  readonly units: string[];
}

/** What the caller may do in one community, resolved once per use case inside its tenant transaction. */
export interface Access {
  readonly communityId: string;
  readonly community: CommunityEntity;
  readonly userId: string;
  readonly roles: ReadonlySet<CommunityRole>;
  /** community admin or platform admin: sees and changes everything in the community */
  readonly isAdmin: boolean;
  /**
   * Members whose records and points a non-admin may read: a member its own record, an accountant the
   * municipality and its units. Empty for admins (they see all; check `isAdmin` first).
   */
  readonly visibleMemberIds: ReadonlySet<string>;
}

@Injectable()
export class CommunityAccess {
  /**
   * Resolves the caller's roles. A community the caller does not belong to answers 404 exactly like one that
   * does not exist (architecture.md section 3), so ids of other tenants reveal nothing.
   */
  async resolve(manager: EntityManager, communityId: string, principal: Principal): Promise<Access> {
    // One round trip: the community, the caller's memberships in it and, for an accountant, the units of the
    // municipality. RLS scopes every table to the tenant transaction's community.
    const rows = (await manager.query(
      `SELECT c.community_id AS id, c.type, c.name, c.ico, c.address, c.territory_orp, c.created_at,
              ARRAY(SELECT m.role || '|' || coalesce(m.member_id::text, '')
                      FROM memberships m
                     WHERE m.community_id = c.community_id AND m.user_id = $2) AS memberships,
              ARRAY(SELECT u.id::text
                      FROM memberships a
                      JOIN members u ON u.community_id = a.community_id AND u.parent_member_id = a.member_id
                     WHERE a.community_id = c.community_id AND a.user_id = $2
                       AND a.role = 'municipality-accountant') AS units
         FROM communities c
        WHERE c.community_id = $1`,
      [communityId, principal.userId],
    )) as ResolvedRow[];
    const row = rows[0];
    const memberships = (row?.memberships ?? []).map((text) => {
      const [role, memberId] = text.split('|') as [CommunityRole, string];
      return { role, memberId: memberId === '' ? null : memberId };
    });
    if (!row || (memberships.length === 0 && !principal.platformAdmin)) {
      throw new AccessException('COMMUNITY_NOT_FOUND', 'No such community');
    }
    const community = Object.assign(new CommunityEntity(), {
      id: row.id,
      type: row.type,
      name: row.name,
      ico: row.ico,
      address: row.address,
      territoryOrp: row.territory_orp,
      createdAt: row.created_at,
    });
    const roles = new Set(memberships.map((membership) => membership.role));
    const isAdmin = principal.platformAdmin || roles.has('community-admin');
    const visible = new Set<string>();
    if (!isAdmin) {
      for (const membership of memberships)
        if (membership.memberId !== null) visible.add(membership.memberId);
      for (const unit of row.units) visible.add(unit);
    }
    return { communityId, community, userId: principal.userId, roles, isAdmin, visibleMemberIds: visible };
  }

  /** Changes to the registry are the administrators' job. */
  requireAdmin(access: Access): void {
    if (!access.isAdmin)
      throw new AccessException('ROLE_FORBIDDEN', 'Only a community administrator may do this');
  }

  /**
   * Narrows a list query to the members the caller may see (admins see all). Answers false when a non-admin
   * sees nobody, so the caller returns an empty page without a query whose IN list would be empty.
   */
  restrictToVisibleMembers(access: Access, builder: WhereExpressionBuilder, memberIdColumn: string): boolean {
    if (access.isAdmin) return true;
    const visible = [...access.visibleMemberIds];
    if (visible.length === 0) return false;
    builder.andWhere(`${memberIdColumn} IN (:...visibleMemberIds)`, { visibleMemberIds: visible });
    return true;
  }

  canSeeMember(access: Access, memberId: string): boolean {
    return access.isAdmin || access.visibleMemberIds.has(memberId);
  }
}
