import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import {
  AuditEntryEntity,
  AuditLog,
  CommunityAccess,
  CommunityEntity,
  firstDayOtherThan,
  iterationRequestedOn,
  IterationPeriods,
  type IterationPeriod,
  MembershipEntity,
  postgresError,
  PG_UNIQUE_VIOLATION,
  SharingGroupEntity,
} from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { definedOnly, type Page, type PageRequest, pragueToday } from '@sdilna/api/util-registry';

import { CommunitiesException } from './communities.exception';
import type { AuditEntryView, AuditQueryDto } from './dtos/audit.dto';
import type {
  CommunityView,
  CreateCommunityDto,
  MyCommunityView,
  UpdateCommunityDto,
} from './dtos/community.dto';
import type {
  CreateSharingGroupDto,
  KeyWithOtherMethodView,
  SetIterationDto,
  SharingGroupIterationView,
  SharingGroupView,
  UpdateSharingGroupDto,
} from './dtos/sharing-group.dto';

export function toCommunityView(community: CommunityEntity): CommunityView {
  return {
    id: community.id,
    name: community.name,
    type: community.type,
    ico: community.ico,
    address: community.address,
    territoryOrp: community.territoryOrp,
  };
}

function toGroupView(group: SharingGroupEntity, periods: readonly IterationPeriod[]): SharingGroupView {
  return {
    id: group.id,
    name: group.name,
    edcGroupId: group.edcGroupId,
    iterationRequested: iterationRequestedOn(periods, pragueToday()),
  };
}

@Injectable()
export class CommunitiesService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
    private readonly iteration: IterationPeriods,
  ) {}

  /**
   * Creates a community with one sharing group and makes `adminUserId` its administrator, inside the caller's
   * transaction (signup creates the user in the same one). The transaction must be bound to `communityId`.
   */
  async createInTransaction(
    manager: EntityManager,
    communityId: string,
    input: CreateCommunityDto,
    adminUserId: string,
  ): Promise<CommunityView> {
    const community: CommunityEntity = {
      id: communityId,
      type: input.type,
      name: input.name,
      ico: input.ico ?? null,
      address: input.address ?? null,
      territoryOrp: input.territoryOrp ?? [],
      createdAt: new Date(),
    };
    await manager.insert(CommunityEntity, { ...community, createdAt: undefined });
    const groupId = randomUUID();
    await manager.insert(SharingGroupEntity, {
      communityId,
      id: groupId,
      name: input.name,
      edcGroupId: null,
    });
    await manager.insert(MembershipEntity, {
      communityId,
      userId: adminUserId,
      role: 'community-admin',
      memberId: null,
    });
    const view = { ...toCommunityView(community), defaultSharingGroupId: groupId };
    await this.audit.record(manager, {
      communityId,
      actorUserId: adminUserId,
      action: 'create',
      entity: 'community',
      entityId: communityId,
      after: view,
    });
    return view;
  }

  async create(principal: Principal, input: CreateCommunityDto): Promise<CommunityView> {
    const communityId = randomUUID();
    return this.db.run(communityId, (manager) =>
      this.createInTransaction(manager, communityId, input, principal.userId),
    );
  }

  /** The caller's communities, read through the `app.user_id` policies (no tenant context is needed). */
  async listMine(principal: Principal): Promise<MyCommunityView[]> {
    return this.db.runForUser(principal.userId, async (manager) => {
      const memberships = await manager.find(MembershipEntity, { where: { userId: principal.userId } });
      const ids = [...new Set(memberships.map((membership) => membership.communityId))];
      if (ids.length === 0) return [];
      const communities = await manager
        .createQueryBuilder(CommunityEntity, 'community')
        .where('community.community_id IN (:...ids)', { ids })
        .orderBy('community.name')
        .getMany();
      return communities.map((community) => ({
        ...toCommunityView(community),
        roles: memberships.filter((m) => m.communityId === community.id).map((m) => m.role),
      }));
    });
  }

  async get(principal: Principal, communityId: string): Promise<CommunityView> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      return toCommunityView(access.community);
    });
  }

  async update(principal: Principal, communityId: string, input: UpdateCommunityDto): Promise<CommunityView> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      const before = toCommunityView(access.community);
      const changes = definedOnly(input);
      if (Object.keys(changes).length > 0)
        await manager.update(CommunityEntity, { id: communityId }, changes);
      const after = await manager.findOneByOrFail(CommunityEntity, { id: communityId });
      await this.audit.record(manager, {
        communityId,
        actorUserId: principal.userId,
        action: 'update',
        entity: 'community',
        entityId: communityId,
        before,
        after: toCommunityView(after),
      });
      return toCommunityView(after);
    });
  }

  async listGroups(principal: Principal, communityId: string): Promise<SharingGroupView[]> {
    return this.db.run(communityId, async (manager) => {
      await this.access.resolve(manager, communityId, principal);
      const groups = await manager.find(SharingGroupEntity, {
        where: { communityId },
        order: { createdAt: 'ASC' },
      });
      const periods = await this.iteration.byGroup(manager, communityId);
      return groups.map((group) => toGroupView(group, periods.get(group.id) ?? []));
    });
  }

  async createGroup(
    principal: Principal,
    communityId: string,
    input: CreateSharingGroupDto,
  ): Promise<SharingGroupView> {
    return this.db.run(communityId, async (manager) => {
      this.access.requireAdmin(await this.access.resolve(manager, communityId, principal));
      const group = { communityId, id: randomUUID(), name: input.name, edcGroupId: input.edcGroupId ?? null };
      await this.saving(() => manager.insert(SharingGroupEntity, group));
      await this.audit.record(manager, {
        communityId,
        actorUserId: principal.userId,
        action: 'create',
        entity: 'sharing-group',
        entityId: group.id,
        after: group,
      });
      return toGroupView({ ...group, createdAt: new Date() }, []);
    });
  }

  async updateGroup(
    principal: Principal,
    communityId: string,
    groupId: string,
    input: UpdateSharingGroupDto,
  ): Promise<SharingGroupView> {
    return this.db.run(communityId, async (manager) => {
      this.access.requireAdmin(await this.access.resolve(manager, communityId, principal));
      const before = await manager.findOne(SharingGroupEntity, { where: { communityId, id: groupId } });
      if (!before) throw new CommunitiesException('SHARING_GROUP_NOT_FOUND', 'No such sharing group');
      const changes = definedOnly(input);
      if (Object.keys(changes).length > 0)
        await this.saving(() => manager.update(SharingGroupEntity, { communityId, id: groupId }, changes));
      const after = await manager.findOneByOrFail(SharingGroupEntity, { communityId, id: groupId });
      await this.audit.record(manager, {
        communityId,
        actorUserId: principal.userId,
        action: 'update',
        entity: 'sharing-group',
        entityId: groupId,
        before,
        after,
      });
      return toGroupView(after, await this.iteration.list(manager, communityId, groupId));
    });
  }

  /** The group's request for iteration at EDC: today's value and every period. */
  async getIteration(
    principal: Principal,
    communityId: string,
    groupId: string,
  ): Promise<SharingGroupIterationView> {
    return this.db.run(communityId, async (manager) => {
      await this.access.resolve(manager, communityId, principal);
      await this.requireGroup(manager, communityId, groupId);
      return this.iterationView(manager, communityId, groupId);
    });
  }

  /**
   * Records from `validFrom` on whether the group asked EDC for iteration. History before the latest period
   * stays as it was: a change starts on or after the latest period's first day.
   */
  async setIteration(
    principal: Principal,
    communityId: string,
    groupId: string,
    input: SetIterationDto,
  ): Promise<SharingGroupIterationView> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      await this.requireGroup(manager, communityId, groupId);
      // One change of the group at a time, so the period check and the writes see the same periods.
      await manager.query(`SELECT 1 FROM sharing_groups WHERE community_id = $1 AND id = $2 FOR UPDATE`, [
        communityId,
        groupId,
      ]);
      const before = await this.iteration.list(manager, communityId, groupId);
      const latest = before.at(-1);
      if (latest !== undefined && input.validFrom < latest.validFrom) {
        throw new CommunitiesException(
          'ITERATION_PERIOD_CONFLICT',
          `The group's request for iteration has a period from ${latest.validFrom}; a change starts on ${latest.validFrom} or later (validFrom ${input.validFrom} would rewrite earlier periods)`,
          { validFrom: input.validFrom, latestValidFrom: latest.validFrom },
        );
      }
      await this.iteration.setFrom(
        manager,
        communityId,
        groupId,
        input.validFrom,
        input.requested,
        access.userId,
      );
      const view = await this.iterationView(manager, communityId, groupId);
      await this.audit.record(manager, {
        communityId,
        actorUserId: access.userId,
        action: 'update',
        entity: 'sharing-group-iteration',
        entityId: groupId,
        before: { periods: before },
        after: { periods: view.periods },
      });
      return view;
    });
  }

  private async requireGroup(manager: EntityManager, communityId: string, groupId: string): Promise<void> {
    const exists = await manager.exists(SharingGroupEntity, { where: { communityId, id: groupId } });
    if (!exists) throw new CommunitiesException('SHARING_GROUP_NOT_FOUND', 'No such sharing group');
  }

  private async iterationView(
    manager: EntityManager,
    communityId: string,
    groupId: string,
  ): Promise<SharingGroupIterationView> {
    const periods = await this.iteration.list(manager, communityId, groupId);
    const today = pragueToday();
    const keys: Array<{ id: string; valid_from: string; valid_to: string | null; method: string }> =
      await manager.query(
        `SELECT id, valid_from::text, valid_to::text, method FROM allocation_keys
          WHERE community_id = $1 AND sharing_group_id = $2 AND method IN ('static', 'static-iterative')
          ORDER BY valid_from`,
        [communityId, groupId],
      );
    const keysWithOtherMethod: KeyWithOtherMethodView[] = keys
      .filter(
        (key) =>
          firstDayOtherThan(periods, key.method === 'static-iterative', key.valid_from, key.valid_to) !==
          undefined,
      )
      .map((key) => ({ id: key.id, validFrom: key.valid_from, validTo: key.valid_to, method: key.method }));
    return {
      sharingGroupId: groupId,
      today,
      requested: iterationRequestedOn(periods, today),
      periods: periods.map((p) => ({ validFrom: p.validFrom, validTo: p.validTo, requested: p.requested })),
      keysWithOtherMethod,
    };
  }

  /** Who changed what and when, newest first (administrators only). */
  async auditLog(
    principal: Principal,
    communityId: string,
    query: AuditQueryDto,
    page: PageRequest,
  ): Promise<Page<AuditEntryView>> {
    return this.db.run(communityId, async (manager) => {
      this.access.requireAdmin(await this.access.resolve(manager, communityId, principal));
      const where = {
        communityId,
        ...(query.entity !== undefined ? { entity: query.entity } : {}),
        ...(query.entityId !== undefined ? { entityId: query.entityId } : {}),
      };
      const [rows, total] = await manager.findAndCount(AuditEntryEntity, {
        where,
        order: { at: 'DESC', id: 'ASC' },
        take: page.limit,
        skip: page.offset,
      });
      const items = rows.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actorUserId: row.actorUserId,
        action: row.action,
        entity: row.entity,
        entityId: row.entityId,
        before: row.before,
        after: row.after,
      }));
      return { items, total, ...page };
    });
  }

  private async saving<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (postgresError(error)?.code === PG_UNIQUE_VIOLATION) {
        throw new CommunitiesException(
          'EDC_GROUP_ID_TAKEN',
          'Another sharing group of this community has this EDC group id',
        );
      }
      throw error;
    }
  }
}
