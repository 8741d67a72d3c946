import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  type Access,
  canSeeMember,
  GenerationSourceEntity,
  MeteringPointEntity,
  type RegistryList,
  RegistryUseCase,
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

/** The sources a list query asks for, by name; visible through the member of each source's metering point. */
function sourceList(query: SourceListQueryDto): RegistryList<GenerationSourceEntity, SourceView> {
  return {
    visibleBy: 'point.member_id',
    view: toView,
    query: (tx) => {
      const builder = tx.manager
        .createQueryBuilder(GenerationSourceEntity, 'source')
        .innerJoin(
          MeteringPointEntity,
          'point',
          'point.community_id = source.community_id AND point.id = source.metering_point_id',
        );
      if (query.kind !== undefined) builder.andWhere('source.kind = :kind', { kind: query.kind });
      if (query.meteringPointId !== undefined)
        builder.andWhere('source.metering_point_id = :pointId', { pointId: query.meteringPointId });
      return builder.orderBy('source.name').addOrderBy('source.id');
    },
  };
}

/** Generation sources: each exports through a production metering point; a renewable community admits only renewables. */
@Injectable()
export class SourcesService {
  constructor(private readonly registry: RegistryUseCase) {}

  list(
    principal: Principal,
    communityId: string,
    query: SourceListQueryDto,
    page: PageRequest,
  ): Promise<Page<SourceView>> {
    return this.registry.page(principal, communityId, page, sourceList(query));
  }

  async get(principal: Principal, communityId: string, sourceId: string): Promise<SourceView> {
    return this.registry.read(principal, communityId, async (tx, access) =>
      toView(await this.findVisible(tx, access, sourceId)),
    );
  }

  async create(principal: Principal, communityId: string, input: CreateSourceDto): Promise<SourceView> {
    return this.registry.change(principal, communityId, async (tx, access) => {
      const point = await tx.manager.findOne(MeteringPointEntity, { where: { id: input.meteringPointId } });
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
      await tx.manager.insert(GenerationSourceEntity, {
        communityId: tx.communityId,
        id,
        name: input.name,
        kind: input.kind,
        installedKw: installedKwText(input.installedKw),
        meteringPointId: input.meteringPointId,
      });
      const created = await tx.manager.findOneByOrFail(GenerationSourceEntity, { id });
      await this.registry.record(tx, access, {
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
    return this.registry.change(principal, communityId, async (tx, access) => {
      const before = await this.findVisible(tx, access, sourceId);
      const changes: Partial<GenerationSourceEntity> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.installedKw !== undefined) changes.installedKw = installedKwText(input.installedKw);
      if (Object.keys(changes).length > 0)
        await tx.manager.update(GenerationSourceEntity, { id: sourceId }, changes);
      const after = await tx.manager.findOneByOrFail(GenerationSourceEntity, { id: sourceId });
      await this.registry.record(tx, access, {
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
    await this.registry.change(principal, communityId, async (tx, access) => {
      const before = await this.findVisible(tx, access, sourceId);
      await tx.manager.delete(GenerationSourceEntity, { id: sourceId });
      await this.registry.record(tx, access, {
        action: 'delete',
        entity: 'generation-source',
        entityId: sourceId,
        before: toView(before),
      });
    });
  }

  /** The source when the caller may see its point's member; 404 otherwise, like a source that does not exist. */
  private async findVisible(
    tx: TenantTransaction,
    access: Access,
    sourceId: string,
  ): Promise<GenerationSourceEntity> {
    const source = await tx.manager.findOne(GenerationSourceEntity, { where: { id: sourceId } });
    if (source && !access.isAdmin) {
      const point = await tx.manager.findOne(MeteringPointEntity, { where: { id: source.meteringPointId } });
      if (!point || !canSeeMember(access, point.memberId))
        throw new SourcesException('SOURCE_NOT_FOUND', 'No such source');
    }
    if (!source) throw new SourcesException('SOURCE_NOT_FOUND', 'No such source');
    return source;
  }
}
