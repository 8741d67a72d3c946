import { Injectable } from '@nestjs/common';
import type { EntityManager, WhereExpressionBuilder } from 'typeorm';

import { prepareStatement, queryPrepared, type TenantTransaction } from '@sdilna/api/data-access-db';
import type { CommunityRole, SessionClaims } from '@sdilna/api/util-auth';

import { AccessException } from './access.exception';
import { CommunityEntity } from './entities/community.entity';

/**
 * A row of `caller_access(community, user, session)` (migration 1795800000000): the live session's user, the
 * community as the tenant sees it (null columns when it does not exist), the caller's memberships (parallel
 * arrays) and, for an accountant, the municipality's units. The one-statement reads return the same columns.
 */
export interface CallerAccessRow {
  readonly session_alive: boolean;
  readonly platform_admin: boolean;
  readonly id: string | null;
  readonly type: CommunityEntity['type'] | null;
  readonly name: string | null;
  readonly ico: string | null;
  readonly address: string | null;
  readonly territory_orp: string[] | null;
  readonly created_at: Date | string | null;
  readonly roles: CommunityRole[];
  readonly role_member_ids: Array<string | null>;
  readonly units: string[];
}

/** Every request of a tenant transaction runs it: prepared. RLS scopes every tenant table to the transaction. */
const CALLER_ACCESS = prepareStatement(`SELECT * FROM caller_access($1, $2, $3)`);

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
   * Resolves the caller's roles, and checks that their session still lives (one statement, which every tenant
   * transaction of a request runs anyway). A community the caller does not belong to answers 404 exactly like
   * one that does not exist (architecture.md section 3), so ids of other tenants reveal nothing.
   */
  async resolve(manager: EntityManager, communityId: string, caller: SessionClaims): Promise<Access> {
    const rows = await queryPrepared<CallerAccessRow>(manager, CALLER_ACCESS, [
      communityId,
      caller.userId,
      caller.sessionId,
    ]);
    return this.fromRow(communityId, caller, rows[0]);
  }

  /** `resolve` in a tenant-bound transaction, for the transaction's community. */
  async resolveIn(tx: TenantTransaction, caller: SessionClaims): Promise<Access> {
    return this.resolve(tx.manager, tx.communityId, caller);
  }

  /**
   * The access rules over a `caller_access` row, for `resolve` and for the one-statement reads that return the
   * row with their data. An ended session answers 401 before anything else.
   */
  fromRow(communityId: string, caller: SessionClaims, row: CallerAccessRow | undefined): Access {
    if (row === undefined || !row.session_alive) {
      throw new AccessException('UNAUTHENTICATED', 'The session has ended; sign in again');
    }
    const memberships = row.roles.map((role, i) => ({ role, memberId: row.role_member_ids[i] ?? null }));
    if (row.id === null || (memberships.length === 0 && !row.platform_admin)) {
      throw new AccessException('COMMUNITY_NOT_FOUND', 'No such community');
    }
    const community = Object.assign(new CommunityEntity(), {
      id: row.id,
      type: row.type,
      name: row.name,
      ico: row.ico,
      address: row.address,
      territoryOrp: row.territory_orp ?? [],
      createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at ?? 0),
    });
    const roles = new Set(memberships.map((membership) => membership.role));
    const isAdmin = row.platform_admin || roles.has('community-admin');
    const visible = new Set<string>();
    if (!isAdmin) {
      for (const membership of memberships)
        if (membership.memberId !== null) visible.add(membership.memberId);
      for (const unit of row.units) visible.add(unit);
    }
    return { communityId, community, userId: caller.userId, roles, isAdmin, visibleMemberIds: visible };
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
}

/** Whether the caller may see a member's records (admins see all): a question of the resolved access alone. */
export function canSeeMember(access: Access, memberId: string): boolean {
  return access.isAdmin || access.visibleMemberIds.has(memberId);
}
