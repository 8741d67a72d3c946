import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import {
  type Access,
  AuditLog,
  CommunityAccess,
  GenerationSourceEntity,
  MeteringPointEntity,
} from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { type Page, type PageRequest, pragueToday } from '@sdilna/api/util-registry';
import { formatScaledDecimal, parseScaledJsonNumber, rulesFor } from '@sdilna/shared/domain-core';

import type { CreateSourceDto, SourceListQueryDto, SourceView, UpdateSourceDto } from './dtos/source.dto';
import { admittedInRenewableCommunity } from './source-kinds';
import { SourcesException } from './sources.exception';

function toView(source: GenerationSourceEntity): SourceView {
  return {
    id: source.id,
    name: source.name,
    kind: source.kind,
    installedKw: Number(source.installedKw),
    renewable: source.renewable,
    meteringPointId: source.meteringPointId,
  };
}

/** kW as exact text for numeric(12,2): the JSON number's own digits, never a float multiplication. */
function installedKwText(value: number): string {
  try {
    const hundredths = parseScaledJsonNumber(value, { scale: 2, allowNegative: false, what: 'installedKw' });
    if (hundredths === 0) throw new Error('installedKw must be above 0');
    return formatScaledDecimal(hundredths, 2, '.');
  } catch (error) {
    throw new SourcesException(
      'INVALID_INSTALLED_POWER',
      error instanceof Error ? error.message : 'installedKw is not a power',
    );
  }
}

@Injectable()
export class SourcesService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
  ) {}

  async list(
    principal: Principal,
    communityId: string,
    query: SourceListQueryDto,
    page: PageRequest,
  ): Promise<Page<SourceView>> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      const builder = manager
        .createQueryBuilder(GenerationSourceEntity, 'source')
        .innerJoin(
          MeteringPointEntity,
          'point',
          'point.community_id = source.community_id AND point.id = source.metering_point_id',
        )
        .where('source.community_id = :communityId', { communityId });
      if (!this.access.restrictToVisibleMembers(access, builder, 'point.member_id'))
        return { items: [], total: 0, ...page };
      if (query.kind !== undefined) builder.andWhere('source.kind = :kind', { kind: query.kind });
      if (query.meteringPointId !== undefined)
        builder.andWhere('source.metering_point_id = :pointId', { pointId: query.meteringPointId });
      const [rows, total] = await builder
        .orderBy('source.name')
        .addOrderBy('source.id')
        .take(page.limit)
        .skip(page.offset)
        .getManyAndCount();
      return { items: rows.map(toView), total, ...page };
    });
  }

  async get(principal: Principal, communityId: string, sourceId: string): Promise<SourceView> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      return toView(await this.findVisible(manager, access, sourceId));
    });
  }

  async create(principal: Principal, communityId: string, input: CreateSourceDto): Promise<SourceView> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      const point = await manager.findOne(MeteringPointEntity, {
        where: { communityId, id: input.meteringPointId },
      });
      if (!point)
        throw new SourcesException('SOURCE_POINT_NOT_FOUND', 'No such metering point in this community');
      if (point.role !== 'production') {
        throw new SourcesException(
          'SOURCE_POINT_NOT_PRODUCTION',
          'A generation source exports through a production metering point',
        );
      }
      const rules = rulesFor(access.community.type, pragueToday());
      if (rules.renewableSourcesOnly && !admittedInRenewableCommunity(input.kind)) {
        throw new SourcesException(
          'RENEWABLE_COMMUNITY_REFUSES_NON_RENEWABLE_SOURCE',
          `A renewable community (SOZE) admits renewable sources only, not ${input.kind}`,
        );
      }
      const id = randomUUID();
      await manager.insert(GenerationSourceEntity, {
        communityId,
        id,
        name: input.name,
        kind: input.kind,
        installedKw: installedKwText(input.installedKw),
        meteringPointId: input.meteringPointId,
      });
      const created = await manager.findOneByOrFail(GenerationSourceEntity, { communityId, id });
      await this.audit.record(manager, {
        communityId,
        actorUserId: access.userId,
        action: 'create',
        entity: 'generation-source',
        entityId: id,
        after: toView(created),
      });
      return toView(created);
    });
  }

  async update(
    principal: Principal,
    communityId: string,
    sourceId: string,
    input: UpdateSourceDto,
  ): Promise<SourceView> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      const before = await this.findVisible(manager, access, sourceId);
      const changes: Partial<GenerationSourceEntity> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.installedKw !== undefined) changes.installedKw = installedKwText(input.installedKw);
      if (Object.keys(changes).length > 0)
        await manager.update(GenerationSourceEntity, { communityId, id: sourceId }, changes);
      const after = await manager.findOneByOrFail(GenerationSourceEntity, { communityId, id: sourceId });
      await this.audit.record(manager, {
        communityId,
        actorUserId: access.userId,
        action: 'update',
        entity: 'generation-source',
        entityId: sourceId,
        before: toView(before),
        after: toView(after),
      });
      return toView(after);
    });
  }

  async remove(principal: Principal, communityId: string, sourceId: string): Promise<void> {
    await this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      const before = await this.findVisible(manager, access, sourceId);
      await manager.delete(GenerationSourceEntity, { communityId, id: sourceId });
      await this.audit.record(manager, {
        communityId,
        actorUserId: access.userId,
        action: 'delete',
        entity: 'generation-source',
        entityId: sourceId,
        before: toView(before),
      });
    });
  }

  private async findVisible(
    manager: EntityManager,
    access: Access,
    sourceId: string,
  ): Promise<GenerationSourceEntity> {
    const source = await manager.findOne(GenerationSourceEntity, {
      where: { communityId: access.communityId, id: sourceId },
    });
    if (source && !access.isAdmin) {
      const point = await manager.findOne(MeteringPointEntity, {
        where: { communityId: access.communityId, id: source.meteringPointId },
      });
      if (!point || !this.access.canSeeMember(access, point.memberId))
        throw new SourcesException('SOURCE_NOT_FOUND', 'No such source');
    }
    if (!source) throw new SourcesException('SOURCE_NOT_FOUND', 'No such source');
    return source;
  }
}
