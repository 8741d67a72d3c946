import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { CommunityRole, Principal } from '@sdilna/api/util-auth';

import { AccessException } from './access.exception';
import { CommunityEntity } from './entities/community.entity';
import { MemberEntity } from './entities/member.entity';
import { MembershipEntity } from './entities/membership.entity';

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
    const community = await manager.findOne(CommunityEntity, { where: { id: communityId } });
    const memberships = community
      ? await manager.find(MembershipEntity, { where: { communityId, userId: principal.userId } })
      : [];
    if (!community || (memberships.length === 0 && !principal.platformAdmin)) {
      throw new AccessException('COMMUNITY_NOT_FOUND', 'No such community');
    }
    const roles = new Set(memberships.map((membership) => membership.role));
    const isAdmin = principal.platformAdmin || roles.has('community-admin');
    const visible = new Set<string>();
    if (!isAdmin) {
      for (const membership of memberships)
        if (membership.memberId !== null) visible.add(membership.memberId);
      for (const membership of memberships) {
        // Guarded explicitly: TypeORM drops an `undefined` condition, which would match every member.
        if (membership.role !== 'municipality-accountant' || membership.memberId === null) continue;
        const units = await manager.find(MemberEntity, {
          select: { id: true },
          where: { communityId, parentMemberId: membership.memberId },
        });
        for (const unit of units) visible.add(unit.id);
      }
    }
    return { communityId, community, userId: principal.userId, roles, isAdmin, visibleMemberIds: visible };
  }

  /** Changes to the registry are the administrators' job. */
  requireAdmin(access: Access): void {
    if (!access.isAdmin)
      throw new AccessException('ROLE_FORBIDDEN', 'Only a community administrator may do this');
  }

  canSeeMember(access: Access, memberId: string): boolean {
    return access.isAdmin || access.visibleMemberIds.has(memberId);
  }
}
