import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { EntityManager } from 'typeorm';

import { TenantDatabase, tenantTransactionOf } from '@sdilna/api/data-access-db';
import {
  SharingGroupStore,
  type Access,
  AuditLog,
  CommunityAccess,
  MemberEntity,
  MeteringPointEntity,
  MeteringPointPriceEntity,
  PG_EXCLUSION_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  postgresError,
  runRows,
  SharingGroupEntity,
} from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import {
  CsvFormatError,
  definedOnly,
  type ImportReport,
  type Page,
  type PageRequest,
  parseCsv,
} from '@sdilna/api/util-registry';
import { formatScaledDecimal, parseScaledDecimal, rulesFor } from '@sdilna/shared/domain-core';

import {
  CreateMeteringPointDto,
  type CreatePriceDto,
  type MeteringPointListQueryDto,
  type MeteringPointView,
  type PriceView,
  type UpdateMeteringPointDto,
} from './dtos/metering-point.dto';
import { MeteringPointsException } from './metering-points.exception';

export function toPointView(point: MeteringPointEntity): MeteringPointView {
  return {
    id: point.id,
    ean: point.ean,
    role: point.role,
    memberId: point.memberId,
    sharingGroupId: point.sharingGroupId,
    validFrom: point.validFrom,
    validTo: point.validTo,
    label: point.label,
  };
}

function toPriceView(price: MeteringPointPriceEntity): PriceView {
  return {
    id: price.id,
    kind: price.kind,
    // Stored in hundredths of a haléř per kWh: 4 decimals of Kč, shown with at least 2.
    pricePerKwh: formatScaledDecimal(price.priceCentiHalerePerKwh, 4, '.', 2),
    currency: 'CZK',
    validFrom: price.validFrom,
    validTo: price.validTo,
  };
}

/** The neutral answer when another community holds the EAN: it must not reveal who, or that anyone does. */
const eanUnavailable = () =>
  new MeteringPointsException(
    'EAN_UNAVAILABLE',
    'This EAN cannot be registered for this period: it belongs to another sharing group at that time',
  );

class InvalidRow extends Error {}

@Injectable()
export class MeteringPointsService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
  ) {}

  async list(
    principal: Principal,
    communityId: string,
    query: MeteringPointListQueryDto,
    page: PageRequest,
  ): Promise<Page<MeteringPointView>> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      const builder = manager
        .createQueryBuilder(MeteringPointEntity, 'point')
        .where('point.community_id = :communityId', { communityId });
      if (!this.access.restrictToVisibleMembers(access, builder, 'point.member_id'))
        return { items: [], total: 0, ...page };
      if (query.role !== undefined) builder.andWhere('point.role = :role', { role: query.role });
      if (query.memberId !== undefined)
        builder.andWhere('point.member_id = :memberId', { memberId: query.memberId });
      if (query.sharingGroupId !== undefined)
        builder.andWhere('point.sharing_group_id = :groupId', { groupId: query.sharingGroupId });
      if (query.ean !== undefined) builder.andWhere('point.ean = :ean', { ean: query.ean });
      if (query.activeOn !== undefined) {
        builder.andWhere('point.valid_from <= :day AND (point.valid_to IS NULL OR point.valid_to >= :day)', {
          day: query.activeOn,
        });
      }
      const [rows, total] = await builder
        .orderBy('point.ean')
        .addOrderBy('point.valid_from')
        .take(page.limit)
        .skip(page.offset)
        .getManyAndCount();
      return { items: rows.map(toPointView), total, ...page };
    });
  }

  async get(principal: Principal, communityId: string, pointId: string): Promise<MeteringPointView> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      return toPointView(await this.findVisible(manager, access, pointId));
    });
  }

  async create(
    principal: Principal,
    communityId: string,
    input: CreateMeteringPointDto,
  ): Promise<MeteringPointView> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      return toPointView(await this.register(manager, access, input, 'create'));
    });
  }

  async update(
    principal: Principal,
    communityId: string,
    pointId: string,
    input: UpdateMeteringPointDto,
  ): Promise<MeteringPointView> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      const before = await this.findVisible(manager, access, pointId);
      const changes = definedOnly(input);
      const merged: MeteringPointEntity = { ...before, ...changes };
      if (changes.memberId !== undefined) await this.requireMember(manager, access, changes.memberId);
      if (merged.validTo !== null && merged.validTo < merged.validFrom) {
        throw new MeteringPointsException('INVALID_PERIOD', 'validTo is before validFrom');
      }
      await this.lockGroup(manager, access, merged.sharingGroupId);
      await this.checkEan(manager, access, merged);
      await this.saving(() =>
        manager.update(
          MeteringPointEntity,
          { communityId, id: pointId },
          { memberId: merged.memberId, validTo: merged.validTo, label: merged.label },
        ),
      );
      await this.audit.record(manager, {
        communityId,
        actorUserId: access.userId,
        action: 'update',
        entity: 'metering-point',
        entityId: pointId,
        before: toPointView(before),
        after: toPointView(merged),
      });
      return toPointView(merged);
    });
  }

  /** Removes a point registered by mistake; one used by a key or a source stays (set validTo instead). */
  async remove(principal: Principal, communityId: string, pointId: string): Promise<void> {
    await this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      const before = await this.findVisible(manager, access, pointId);
      await this.saving(() => manager.delete(MeteringPointEntity, { communityId, id: pointId }));
      await this.audit.record(manager, {
        communityId,
        actorUserId: access.userId,
        action: 'delete',
        entity: 'metering-point',
        entityId: pointId,
        before: toPointView(before),
      });
    });
  }

  async listPrices(principal: Principal, communityId: string, pointId: string): Promise<PriceView[]> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      await this.findVisible(manager, access, pointId);
      const prices = await manager.find(MeteringPointPriceEntity, {
        where: { communityId, meteringPointId: pointId },
        order: { validFrom: 'ASC' },
      });
      return prices.map(toPriceView);
    });
  }

  async addPrice(
    principal: Principal,
    communityId: string,
    pointId: string,
    input: CreatePriceDto,
  ): Promise<PriceView> {
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      const point = await this.findVisible(manager, access, pointId);
      const expected = point.role === 'consumption' ? 'supplier-energy' : 'feed-in';
      if (input.kind !== expected) {
        throw new MeteringPointsException(
          'PRICE_KIND_MISMATCH',
          `A ${point.role} point has a ${expected} price, not ${input.kind}`,
        );
      }
      if (input.validTo !== undefined && input.validTo < input.validFrom)
        throw new MeteringPointsException('INVALID_PERIOD', 'validTo is before validFrom');
      let price: number;
      try {
        price = parseScaledDecimal(input.pricePerKwh, {
          scale: 4,
          separators: ['.'],
          allowNegative: false,
          what: 'pricePerKwh',
        });
      } catch (error) {
        throw new MeteringPointsException(
          'INVALID_PRICE',
          error instanceof Error ? error.message : 'pricePerKwh is not a price',
        );
      }
      const row: Omit<MeteringPointPriceEntity, never> = {
        communityId,
        id: randomUUID(),
        meteringPointId: pointId,
        kind: input.kind,
        priceCentiHalerePerKwh: price,
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
      };
      try {
        await manager.insert(MeteringPointPriceEntity, row);
      } catch (error) {
        if (postgresError(error)?.code === PG_EXCLUSION_VIOLATION) {
          throw new MeteringPointsException(
            'PRICE_PERIOD_OVERLAP',
            `The point already has a ${input.kind} price in this period`,
          );
        }
        throw error;
      }
      const view = toPriceView(row);
      await this.audit.record(manager, {
        communityId,
        actorUserId: access.userId,
        action: 'create',
        entity: 'metering-point-price',
        entityId: row.id,
        after: view,
      });
      return view;
    });
  }

  /**
   * CSV columns: ean, role, validFrom, validTo, label, and the member as memberId, memberIco or memberName
   * (exact), optionally sharingGroupId or edcGroupId. All rows are imported or none.
   */
  async import(principal: Principal, communityId: string, csv: string): Promise<ImportReport> {
    let rows;
    try {
      rows = parseCsv(csv);
    } catch (error) {
      throw new MeteringPointsException(
        'IMPORT_INVALID_FILE',
        error instanceof CsvFormatError ? error.message : 'The file is not CSV',
      );
    }
    if (rows.length === 0)
      throw new MeteringPointsException('IMPORT_INVALID_FILE', 'The file has a header but no rows');
    return this.db.run(communityId, async (manager) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      const results = await runRows(
        manager,
        rows,
        async (row) => {
          const dto = await this.rowToDto(manager, access, row.values);
          return (await this.register(manager, access, dto, 'import')).id;
        },
        (error) =>
          error instanceof InvalidRow ? { code: 'VALIDATION_FAILED', message: error.message } : undefined,
      );
      if (results.some((result) => result.problems.length > 0)) {
        // Thrown inside the transaction, so it rolls back: nothing of a file with a failing row stays.
        throw new MeteringPointsException(
          'IMPORT_REJECTED',
          'No metering point was imported: fix the rows listed in details and upload the file again',
          {
            imported: 0,
            rows: results.map((result) => ({
              line: result.line,
              status: result.problems.length === 0 ? 'ok' : 'error',
              ...(result.problems.length > 0 ? { problems: result.problems } : {}),
            })),
          },
        );
      }
      return {
        imported: results.length,
        rows: results.map((result) => ({ line: result.line, status: 'ok' as const, id: result.value })),
      };
    });
  }

  /** Every rule of a new registration (domain.md section 2), then the insert; the database re-checks overlaps. */
  private async register(
    manager: EntityManager,
    access: Access,
    input: CreateMeteringPointDto,
    action: 'create' | 'import',
  ): Promise<MeteringPointEntity> {
    const communityId = access.communityId;
    if (input.validTo !== undefined && input.validTo < input.validFrom)
      throw new MeteringPointsException('INVALID_PERIOD', 'validTo is before validFrom');
    await this.requireMember(manager, access, input.memberId);
    const groupId = await this.resolveGroup(manager, access, input.sharingGroupId);
    await this.lockGroup(manager, access, groupId);
    const point: MeteringPointEntity = {
      communityId,
      id: randomUUID(),
      ean: input.ean,
      role: input.role,
      memberId: input.memberId,
      sharingGroupId: groupId,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      label: input.label ?? null,
      createdAt: new Date(),
    };
    await this.checkEan(manager, access, point);
    await this.checkGroupSize(manager, access, point);
    const { createdAt: _createdAt, ...row } = point;
    await this.saving(() => manager.insert(MeteringPointEntity, row));
    await this.audit.record(manager, {
      communityId,
      actorUserId: access.userId,
      action,
      entity: 'metering-point',
      entityId: point.id,
      after: toPointView(point),
    });
    return point;
  }

  /** One EAN is in at most one sharing group at a time, in this community and across all communities. */
  private async checkEan(manager: EntityManager, access: Access, point: MeteringPointEntity): Promise<void> {
    const own = await manager
      .createQueryBuilder(MeteringPointEntity, 'point')
      .where('point.community_id = :communityId AND point.ean = :ean AND point.id <> :id', {
        communityId: access.communityId,
        ean: point.ean,
        id: point.id,
      })
      .andWhere(
        `daterange(point.valid_from, point.valid_to, '[]') && daterange(:from::date, :to::date, '[]')`,
        { from: point.validFrom, to: point.validTo },
      )
      .getOne();
    if (own) {
      throw new MeteringPointsException(
        'EAN_ALREADY_REGISTERED',
        `EAN ${point.ean} is already registered in this community for an overlapping period`,
        {
          meteringPointId: own.id,
        },
      );
    }
    const [answer] = (await manager.query(`SELECT ean_in_use_elsewhere($1, $2, $3, $4) AS taken`, [
      point.ean,
      access.communityId,
      point.validFrom,
      point.validTo,
    ])) as {
      taken: boolean;
    }[];
    if (answer?.taken === true) throw eanUnavailable();
  }

  /** Points of the group overlapping the new point's validity, against the dated limit (11 for an active customer). */
  private async checkGroupSize(
    manager: EntityManager,
    access: Access,
    point: MeteringPointEntity,
  ): Promise<void> {
    const limit = rulesFor(access.community.type, point.validFrom).maxMeteringPoints;
    const count = await manager
      .createQueryBuilder(MeteringPointEntity, 'point')
      .where('point.community_id = :communityId AND point.sharing_group_id = :groupId', {
        communityId: access.communityId,
        groupId: point.sharingGroupId,
      })
      .andWhere(
        `daterange(point.valid_from, point.valid_to, '[]') && daterange(:from::date, :to::date, '[]')`,
        { from: point.validFrom, to: point.validTo },
      )
      .getCount();
    if (count >= limit) {
      throw new MeteringPointsException(
        'GROUP_POINT_LIMIT',
        `A sharing group of an ${access.community.type} has at most ${limit} metering points at a time`,
        { limit },
      );
    }
  }

  private async requireMember(manager: EntityManager, access: Access, memberId: string): Promise<void> {
    const exists = await manager.exists(MemberEntity, {
      where: { communityId: access.communityId, id: memberId },
    });
    if (!exists)
      throw new MeteringPointsException('POINT_MEMBER_NOT_FOUND', 'No such member in this community');
  }

  private async resolveGroup(
    manager: EntityManager,
    access: Access,
    groupId: string | undefined,
  ): Promise<string> {
    if (groupId !== undefined) {
      const exists = await manager.exists(SharingGroupEntity, {
        where: { communityId: access.communityId, id: groupId },
      });
      if (!exists)
        throw new MeteringPointsException(
          'SHARING_GROUP_NOT_FOUND',
          'No such sharing group in this community',
        );
      return groupId;
    }
    const groups = await manager.find(SharingGroupEntity, {
      select: { id: true },
      where: { communityId: access.communityId },
      take: 2,
    });
    const [only, second] = groups;
    if (only === undefined || second !== undefined) {
      throw new MeteringPointsException(
        'SHARING_GROUP_REQUIRED',
        'The community has several sharing groups; name one (sharingGroupId)',
      );
    }
    return only.id;
  }

  /** Serialises registrations per group, so two concurrent requests cannot both take the last free place. */
  private async lockGroup(manager: EntityManager, access: Access, groupId: string): Promise<void> {
    await tenantTransactionOf(manager, access.communityId).store(SharingGroupStore).lock(groupId);
  }

  private async findVisible(
    manager: EntityManager,
    access: Access,
    pointId: string,
  ): Promise<MeteringPointEntity> {
    const point = await manager.findOne(MeteringPointEntity, {
      where: { communityId: access.communityId, id: pointId },
    });
    if (!point || !this.access.canSeeMember(access, point.memberId)) {
      throw new MeteringPointsException('METERING_POINT_NOT_FOUND', 'No such metering point');
    }
    return point;
  }

  private async rowToDto(
    manager: EntityManager,
    access: Access,
    values: Readonly<Record<string, string>>,
  ): Promise<CreateMeteringPointDto> {
    const text = (key: string): string | undefined => {
      const value = values[key];
      return value === undefined || value === '' ? undefined : value;
    };
    let memberId = text('memberid');
    const memberIco = text('memberico');
    const memberName = text('membername');
    if (memberId === undefined && memberIco !== undefined) {
      memberId = (
        await manager.findOne(MemberEntity, { where: { communityId: access.communityId, ico: memberIco } })
      )?.id;
      if (memberId === undefined) throw new InvalidRow(`memberIco: no member with IČO ${memberIco}`);
    } else if (memberId === undefined && memberName !== undefined) {
      const matches = await manager.find(MemberEntity, {
        where: { communityId: access.communityId, name: memberName },
        take: 2,
      });
      if (matches.length !== 1)
        throw new InvalidRow(
          `memberName: ${matches.length === 0 ? 'no' : 'more than one'} member named "${memberName}"`,
        );
      memberId = matches[0]?.id;
    }
    let sharingGroupId = text('sharinggroupid');
    const edcGroupId = text('edcgroupid');
    if (sharingGroupId === undefined && edcGroupId !== undefined) {
      sharingGroupId = (
        await manager.findOne(SharingGroupEntity, { where: { communityId: access.communityId, edcGroupId } })
      )?.id;
      if (sharingGroupId === undefined)
        throw new InvalidRow(`edcGroupId: no sharing group with EDC id ${edcGroupId}`);
    }
    const dto = plainToInstance(CreateMeteringPointDto, {
      ean: text('ean'),
      role: text('role'),
      memberId,
      validFrom: text('validfrom'),
      validTo: text('validto'),
      label: text('label'),
      sharingGroupId,
    });
    const errors = await validate(dto, { whitelist: true });
    if (errors.length > 0) {
      throw new InvalidRow(
        errors
          .map((error) => `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`)
          .join('. '),
      );
    }
    return dto;
  }

  private async saving<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const info = postgresError(error);
      if (info?.code === PG_EXCLUSION_VIOLATION && info.constraint === 'ean_claims_no_overlap')
        throw eanUnavailable();
      if (info?.code === PG_EXCLUSION_VIOLATION) {
        throw new MeteringPointsException(
          'EAN_ALREADY_REGISTERED',
          'This EAN is already registered in this community for an overlapping period',
        );
      }
      if (info?.code === PG_FOREIGN_KEY_VIOLATION) {
        throw new MeteringPointsException(
          'POINT_IN_USE',
          'The point is used by an allocation key or a generation source; set validTo instead',
        );
      }
      throw error;
    }
  }
}
