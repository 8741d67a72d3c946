import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import {
  type AuditAction,
  type AuditEntity,
  AuditLog,
  CommunityAccess,
  CommunityEntity,
  checkPeriod,
  daysBetweenEnds,
  firstDayOtherThan,
  PeriodChangeStore,
  StaleRecompute,
  iterationRequestedOn,
  IterationPeriodStore,
  SharingGroupStore,
  type IterationPeriod,
  MembershipEntity,
  postgresError,
  PG_UNIQUE_VIOLATION,
  SharingGroupEntity,
} from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import {
  type ClosePeriodDto,
  definedOnly,
  type Page,
  type PageRequest,
  pragueToday,
} from '@sdilna/api/util-registry';

import { type CommunityType, territoryProblem } from '@sdilna/shared/domain-core';
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
    private readonly stale: StaleRecompute,
  ) {}

  /**
   * Creates a community with one sharing group and makes `adminUserId` its administrator, inside the caller's
   * transaction (signup creates the user in the same one). The transaction must be bound to `communityId`.
   */
  async createInTransaction(
    tx: TenantTransaction,
    communityId: string,
    input: CreateCommunityDto,
    adminUserId: string,
  ): Promise<CommunityView> {
    checkTerritory(input.type, input.territoryOrp ?? []);
    const community: CommunityEntity = {
      id: communityId,
      type: input.type,
      name: input.name,
      ico: input.ico ?? null,
      address: input.address ?? null,
      territoryOrp: input.territoryOrp ?? [],
      createdAt: new Date(),
    };
    await tx.manager.insert(CommunityEntity, { ...community, createdAt: undefined });
    const groupId = randomUUID();
    await tx.manager.insert(SharingGroupEntity, {
      communityId,
      id: groupId,
      name: input.name,
      edcGroupId: null,
    });
    await tx.manager.insert(MembershipEntity, {
      communityId,
      userId: adminUserId,
      role: 'community-admin',
      memberId: null,
    });
    const view = { ...toCommunityView(community), defaultSharingGroupId: groupId };
    await this.audit.recordIn(tx, {
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
    return this.db.run(communityId, (tx) =>
      this.createInTransaction(tx, communityId, input, principal.userId),
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
    return this.db.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      return toCommunityView(access.community);
    });
  }

  async update(principal: Principal, communityId: string, input: UpdateCommunityDto): Promise<CommunityView> {
    return this.db.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      const before = toCommunityView(access.community);
      const changes = definedOnly(input);
      if (changes.territoryOrp !== undefined) checkTerritory(access.community.type, changes.territoryOrp);
      if (Object.keys(changes).length > 0)
        await tx.manager.update(CommunityEntity, { id: communityId }, changes);
      const after = await tx.manager.findOneByOrFail(CommunityEntity, { id: communityId });
      await this.audit.recordIn(tx, {
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
    return this.db.run(communityId, async (tx) => {
      await this.access.resolveIn(tx, principal);
      const groups = await tx.manager.find(SharingGroupEntity, {
        order: { createdAt: 'ASC' },
      });
      const periods = await tx.store(IterationPeriodStore).byGroup();
      return groups.map((group) => toGroupView(group, periods.get(group.id) ?? []));
    });
  }

  async createGroup(
    principal: Principal,
    communityId: string,
    input: CreateSharingGroupDto,
  ): Promise<SharingGroupView> {
    return this.db.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const group = { communityId, id: randomUUID(), name: input.name, edcGroupId: input.edcGroupId ?? null };
      await this.saving(() => tx.manager.insert(SharingGroupEntity, group));
      await this.audit.recordIn(tx, {
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
    return this.db.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const before = await tx.manager.findOne(SharingGroupEntity, { where: { id: groupId } });
      if (!before) throw new CommunitiesException('SHARING_GROUP_NOT_FOUND', 'No such sharing group');
      const changes = definedOnly(input);
      if (Object.keys(changes).length > 0)
        await this.saving(() => tx.manager.update(SharingGroupEntity, { communityId, id: groupId }, changes));
      const after = await tx.manager.findOneByOrFail(SharingGroupEntity, { communityId, id: groupId });
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'update',
        entity: 'sharing-group',
        entityId: groupId,
        before,
        after,
      });
      return toGroupView(after, await tx.store(IterationPeriodStore).list(groupId));
    });
  }

  /** The group's request for iteration at EDC: today's value and every period. */
  async getIteration(
    principal: Principal,
    communityId: string,
    groupId: string,
  ): Promise<SharingGroupIterationView> {
    return this.db.run(communityId, async (tx) => {
      await this.access.resolveIn(tx, principal);
      await this.requireGroup(tx, groupId);
      return this.iterationView(tx, communityId, groupId);
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
    const result = await this.db.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      await this.requireGroup(tx, groupId);
      // One change of the group at a time, so the period check and the writes see the same periods.
      await tx.store(SharingGroupStore).lock(groupId);
      const before = await tx.store(IterationPeriodStore).list(groupId);
      const latest = before.at(-1);
      if (latest !== undefined && input.validFrom < latest.validFrom) {
        throw new CommunitiesException(
          'ITERATION_PERIOD_CONFLICT',
          `The group's request for iteration has a period from ${latest.validFrom}; a change starts on ${latest.validFrom} or later (validFrom ${input.validFrom} would rewrite earlier periods)`,
          { validFrom: input.validFrom, latestValidFrom: latest.validFrom },
        );
      }
      // EDC's rounds change from validFrom on: refused over a final month, recomputed at any age.
      await tx.store(PeriodChangeStore).apply({
        what: `request for iteration from ${input.validFrom}`,
        days: [{ from: input.validFrom, to: null }],
        affects: 'sharing',
        ...(input.asCorrection !== undefined ? { asCorrection: input.asCorrection } : {}),
      });
      await tx.store(IterationPeriodStore).setFrom(groupId, input.validFrom, input.requested, access.userId);
      const view = await this.iterationView(tx, communityId, groupId);
      await this.audit.recordIn(tx, {
        actorUserId: access.userId,
        action: 'update',
        entity: 'sharing-group-iteration',
        entityId: groupId,
        before: { periods: before },
        after: { periods: view.periods },
      });
      return view;
    });
    await this.stale.request(communityId);
    return result;
  }

  /**
   * Ends the period of the group's request for iteration that starts on `validFrom` (or moves its end; null:
   * open-ended). After the end, no period means "not requested" until the next one; a longer period may not
   * reach the next one (409). The days between the two ends get other rounds: refused over a final month,
   * recomputed at any age.
   */
  async closeIteration(
    principal: Principal,
    communityId: string,
    groupId: string,
    validFrom: string,
    input: ClosePeriodDto,
  ): Promise<SharingGroupIterationView> {
    const result = await this.db.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      await this.requireGroup(tx, groupId);
      await tx.store(SharingGroupStore).lock(groupId);
      const before = await tx.store(IterationPeriodStore).list(groupId);
      const period = before.find((candidate) => candidate.validFrom === validFrom);
      if (period === undefined) {
        throw new CommunitiesException(
          'ITERATION_PERIOD_NOT_FOUND',
          `The group has no period of its request for iteration starting on ${validFrom}`,
          { periods: before },
        );
      }
      checkPeriod('request for iteration', period.validFrom, input.validTo);
      const next = before.find((candidate) => candidate.validFrom > validFrom);
      if (next !== undefined && (input.validTo === null || input.validTo >= next.validFrom)) {
        throw new CommunitiesException(
          'ITERATION_PERIOD_CONFLICT',
          `The next period starts on ${next.validFrom}; this one ends before it (validTo ${input.validTo ?? 'open'})`,
          { validTo: input.validTo, nextValidFrom: next.validFrom },
        );
      }
      await tx.store(PeriodChangeStore).apply({
        what: `ending the request for iteration from ${validFrom} on ${input.validTo ?? 'no day (open-ended)'}`,
        days: daysBetweenEnds(period.validTo, input.validTo),
        affects: 'sharing',
        ...(input.asCorrection !== undefined ? { asCorrection: input.asCorrection } : {}),
      });
      await tx.store(IterationPeriodStore).setValidTo(groupId, validFrom, input.validTo);
      const view = await this.iterationView(tx, communityId, groupId);
      await this.audit.recordIn(tx, {
        actorUserId: access.userId,
        action: 'update',
        entity: 'sharing-group-iteration',
        entityId: groupId,
        before: { periods: before },
        after: { periods: view.periods },
      });
      return view;
    });
    await this.stale.request(communityId);
    return result;
  }

  private async requireGroup(tx: TenantTransaction, groupId: string): Promise<void> {
    const exists = await tx.manager.exists(SharingGroupEntity, { where: { id: groupId } });
    if (!exists) throw new CommunitiesException('SHARING_GROUP_NOT_FOUND', 'No such sharing group');
  }

  private async iterationView(
    tx: TenantTransaction,
    communityId: string,
    groupId: string,
  ): Promise<SharingGroupIterationView> {
    const periods = await tx.store(IterationPeriodStore).list(groupId);
    const today = pragueToday();
    const keys = await tx.store(SharingGroupStore).staticKeys(groupId);
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

  /**
   * Who changed what and when, newest first (administrators only), filtered by entity, record, person and days
   * (Prague time, both ends included). Row-level security keeps it to the community of the transaction.
   */
  async auditLog(
    principal: Principal,
    communityId: string,
    query: AuditQueryDto,
    page: PageRequest,
  ): Promise<Page<AuditEntryView>> {
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw new CommunitiesException(
        'AUDIT_FILTER_INVALID',
        `from ${query.from} is after to ${query.to}; expected from <= to`,
        { field: 'from' },
      );
    }
    return this.db.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const conditions: string[] = [];
      const params: unknown[] = [];
      const where = (sql: (placeholder: string) => string, value: unknown) => {
        params.push(value);
        conditions.push(sql(`$${params.length}`));
      };
      if (query.entity !== undefined) where((p) => `a.entity = ${p}`, query.entity);
      if (query.entityId !== undefined) where((p) => `a.entity_id = ${p}`, query.entityId);
      if (query.actorUserId !== undefined) where((p) => `a.actor_user_id = ${p}::uuid`, query.actorUserId);
      // Day bounds as instants, so the (community_id, at) index answers the range.
      if (query.from !== undefined)
        where((p) => `a.at >= (${p}::date)::timestamp AT TIME ZONE 'Europe/Prague'`, query.from);
      if (query.to !== undefined)
        where((p) => `a.at < (${p}::date + 1)::timestamp AT TIME ZONE 'Europe/Prague'`, query.to);
      const filter = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
      const [counted] = await tx.query<{ total: string }>(
        `SELECT count(*) AS total FROM audit_log a ${filter}`,
        params,
      );
      const rows = await tx.query<{
        id: string;
        at: Date;
        actor_user_id: string | null;
        actor_email: string | null;
        action: AuditAction;
        entity: AuditEntity;
        entity_id: string;
        before: unknown;
        after: unknown;
      }>(
        `SELECT a.id, a.at, a.actor_user_id, u.email AS actor_email, a.action, a.entity, a.entity_id, a.before, a.after
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
           ${filter}
          ORDER BY a.at DESC, a.id
          LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, page.limit, page.offset],
      );
      const items = rows.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actorUserId: row.actor_user_id,
        actorEmail: row.actor_email,
        action: row.action,
        entity: row.entity,
        entityId: row.entity_id,
        before: row.before,
        after: row.after,
      }));
      return { items, total: Number(counted?.total ?? 0), ...page };
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

/** The locality rule of a renewable community bounds its territory: at most three ORPs, or Praha alone. */
function checkTerritory(type: CommunityType, territoryOrp: readonly string[]): void {
  const problem = territoryProblem(type, territoryOrp, pragueToday());
  if (problem !== undefined) throw new CommunitiesException('TERRITORY_TOO_LARGE', problem);
}
