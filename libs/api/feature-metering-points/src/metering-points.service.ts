import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  type Access,
  canSeeMember,
  MemberEntity,
  mappingDatabaseErrors,
  MeteringPointEntity,
  PG_EXCLUSION_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  checkPeriod,
  daysBetweenEnds,
  type DayRange,
  PeriodChangeStore,
  type RegistryList,
  RegistryUseCase,
  SharingGroupStore,
  StaleRecompute,
} from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { definedOnly, type Page, type PageRequest } from '@sdilna/api/util-registry';
import { addDays, rulesFor } from '@sdilna/shared/domain-core';

import type {
  CreateMeteringPointDto,
  MeteringPointListQueryDto,
  MeteringPointView,
  PointSuccessorDto,
  UpdateMeteringPointDto,
} from './dtos/metering-point.dto';
import { toPointView } from './metering-point-views';
import { MeteringPointsException } from './metering-points.exception';

/** The neutral answer when another community holds the EAN: it must not reveal who, or that anyone does. */
const eanUnavailable = () =>
  new MeteringPointsException(
    'EAN_UNAVAILABLE',
    'This EAN cannot be registered for this period: it belongs to another sharing group at that time',
  );

/** The points a list query asks for, by EAN and period; members and accountants see the points of the members they may see. */
function pointList(query: MeteringPointListQueryDto): RegistryList<MeteringPointEntity, MeteringPointView> {
  return {
    visibleBy: 'point.member_id',
    view: toPointView,
    query: (tx) => {
      const builder = tx.manager.createQueryBuilder(MeteringPointEntity, 'point');
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
      return builder.orderBy('point.ean').addOrderBy('point.valid_from');
    },
  };
}

/** Metering points: registration with its rules (domain.md section 2), reading, change and removal. */
@Injectable()
export class MeteringPointsService {
  constructor(
    private readonly registry: RegistryUseCase,
    private readonly stale: StaleRecompute,
  ) {}

  list(
    principal: Principal,
    communityId: string,
    query: MeteringPointListQueryDto,
    page: PageRequest,
  ): Promise<Page<MeteringPointView>> {
    return this.registry.page(principal, communityId, page, pointList(query));
  }

  async get(principal: Principal, communityId: string, pointId: string): Promise<MeteringPointView> {
    return this.registry.read(principal, communityId, async (tx, access) =>
      toPointView(await this.findVisible(tx, access, pointId)),
    );
  }

  async create(
    principal: Principal,
    communityId: string,
    input: CreateMeteringPointDto,
  ): Promise<MeteringPointView> {
    const view = await this.registry.change(principal, communityId, async (tx, access) =>
      toPointView(await this.register(tx, access, input, 'create')),
    );
    await this.stale.request(communityId);
    return view;
  }

  async update(
    principal: Principal,
    communityId: string,
    pointId: string,
    input: UpdateMeteringPointDto,
  ): Promise<MeteringPointView> {
    const view = await this.registry.change(principal, communityId, async (tx, access) => {
      const before = await this.findVisible(tx, access, pointId);
      const { asCorrection, ...changes } = definedOnly(input);
      const merged: MeteringPointEntity = { ...before, ...changes };
      if (changes.memberId !== undefined) await this.requireMember(tx, changes.memberId);
      checkPeriod(`metering point ${before.ean}`, merged.validFrom, merged.validTo);
      // Ending the point in its group changes the group's sharing after the end; another member changes who is
      // billed over the whole period (a member change from a day on is a successor: POST …/successor).
      const correction = asCorrection !== undefined ? { asCorrection } : {};
      await tx.store(PeriodChangeStore).apply({
        what: `metering point period ${before.validFrom}..${merged.validTo ?? 'open'}`,
        days: daysBetweenEnds(before.validTo, merged.validTo),
        affects: 'sharing',
        ...correction,
      });
      if (merged.memberId !== before.memberId) {
        await tx.store(PeriodChangeStore).apply({
          what: `member of a metering point over ${before.validFrom}..${merged.validTo ?? 'open'}`,
          days: [{ from: before.validFrom, to: merged.validTo }],
          affects: 'prices',
          ...correction,
        });
      }
      await tx.store(SharingGroupStore).lock(merged.sharingGroupId);
      await this.checkEan(tx, merged);
      await saving(() =>
        tx.manager.update(
          MeteringPointEntity,
          { id: pointId },
          { memberId: merged.memberId, validTo: merged.validTo, label: merged.label },
        ),
      );
      await this.registry.record(tx, access, {
        action: 'update',
        entity: 'metering-point',
        entityId: pointId,
        before: toPointView(before),
        after: toPointView(merged),
      });
      return toPointView(merged);
    });
    await this.stale.request(communityId);
    return view;
  }

  /**
   * The point's next period (issue 17): from `validFrom` it belongs to another member and/or sharing group. The
   * current period ends the day before and a new registration of the same EAN follows it, checked like any
   * registration; the days from `validFrom` on are refused over final months and recomputed.
   */
  async successor(
    principal: Principal,
    communityId: string,
    pointId: string,
    input: PointSuccessorDto,
  ): Promise<MeteringPointView> {
    const view = await this.registry.change(principal, communityId, async (tx, access) => {
      const before = await this.findVisible(tx, access, pointId);
      if (
        input.validFrom <= before.validFrom ||
        (before.validTo !== null && input.validFrom > before.validTo)
      ) {
        throw new MeteringPointsException(
          'SUCCESSOR_OUTSIDE_PERIOD',
          `The next period starts inside the current one (${before.validFrom}..${before.validTo ?? 'open'}), after its first day; validFrom ${input.validFrom} is not`,
          { validFrom: before.validFrom, validTo: before.validTo },
        );
      }
      const days: DayRange = { from: input.validFrom, to: before.validTo };
      await tx.store(PeriodChangeStore).apply({
        what: `next period of a metering point from ${input.validFrom}`,
        days: [days],
        affects:
          input.sharingGroupId !== undefined && input.sharingGroupId !== before.sharingGroupId
            ? 'sharing'
            : 'prices',
      });
      const ended: MeteringPointEntity = { ...before, validTo: addDays(input.validFrom, -1) };
      await tx.store(SharingGroupStore).lock(before.sharingGroupId);
      await saving(() => tx.manager.update(MeteringPointEntity, { id: pointId }, { validTo: ended.validTo }));
      await this.registry.record(tx, access, {
        action: 'update',
        entity: 'metering-point',
        entityId: pointId,
        before: toPointView(before),
        after: toPointView(ended),
      });
      const next = await this.register(
        tx,
        access,
        {
          ean: before.ean,
          role: before.role,
          memberId: input.memberId ?? before.memberId,
          sharingGroupId: input.sharingGroupId ?? before.sharingGroupId,
          validFrom: input.validFrom,
          ...(before.validTo !== null ? { validTo: before.validTo } : {}),
          ...(input.label !== undefined || before.label !== null
            ? { label: input.label ?? (before.label as string) }
            : {}),
        },
        'create',
      );
      return toPointView(next);
    });
    await this.stale.request(communityId);
    return view;
  }

  /**
   * Every period of the point's EAN in this community, oldest first: who it belonged to and in which group,
   * when. A member sees the periods of the members it may see.
   */
  async history(principal: Principal, communityId: string, pointId: string): Promise<MeteringPointView[]> {
    return this.registry.read(principal, communityId, async (tx, access) => {
      const point = await this.findVisible(tx, access, pointId);
      const rows = await tx.manager.find(MeteringPointEntity, {
        where: { ean: point.ean },
        order: { validFrom: 'ASC' },
      });
      return rows.filter((row) => canSeeMember(access, row.memberId)).map(toPointView);
    });
  }

  /** Removes a point registered by mistake; one used by a key or a source stays (set validTo instead). */
  async remove(principal: Principal, communityId: string, pointId: string): Promise<void> {
    await this.registry.change(principal, communityId, async (tx, access) => {
      const before = await this.findVisible(tx, access, pointId);
      await tx.store(PeriodChangeStore).apply({
        what: `removing a metering point (${before.validFrom}..${before.validTo ?? 'open'})`,
        days: [{ from: before.validFrom, to: before.validTo }],
        affects: 'sharing',
      });
      await saving(() => tx.manager.delete(MeteringPointEntity, { id: pointId }));
      await this.registry.record(tx, access, {
        action: 'delete',
        entity: 'metering-point',
        entityId: pointId,
        before: toPointView(before),
      });
    });
    await this.stale.request(communityId);
  }

  /**
   * Every rule of a new registration (domain.md section 2), then the insert and its audit entry; the database
   * re-checks overlaps. Also the step of each row of a CSV import.
   */
  async register(
    tx: TenantTransaction,
    access: Access,
    input: CreateMeteringPointDto,
    action: 'create' | 'import',
  ): Promise<MeteringPointEntity> {
    checkPeriod(`metering point ${input.ean}`, input.validFrom, input.validTo);
    await this.requireMember(tx, input.memberId);
    const group = await tx.store(SharingGroupStore).resolve(input.sharingGroupId);
    if ('code' in group) throw new MeteringPointsException(group.code, group.message);
    // Serialises registrations per group, so two concurrent requests cannot both take the last free place.
    await tx.store(SharingGroupStore).lock(group.id);
    const point: MeteringPointEntity = {
      communityId: tx.communityId,
      id: randomUUID(),
      ean: input.ean,
      role: input.role,
      memberId: input.memberId,
      sharingGroupId: group.id,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      label: input.label ?? null,
      createdAt: new Date(),
    };
    await this.checkEan(tx, point);
    await this.checkGroupSize(tx, access, point);
    await tx.store(PeriodChangeStore).apply({
      what: `metering point ${point.ean} from ${point.validFrom}`,
      days: [{ from: point.validFrom, to: point.validTo }],
      affects: 'sharing',
    });
    const { createdAt: _createdAt, ...row } = point;
    await saving(() => tx.manager.insert(MeteringPointEntity, row));
    await this.registry.record(tx, access, {
      action,
      entity: 'metering-point',
      entityId: point.id,
      after: toPointView(point),
    });
    return point;
  }

  /** The point when the caller may see it; 404 otherwise, exactly like a point that does not exist. */
  async findVisible(tx: TenantTransaction, access: Access, pointId: string): Promise<MeteringPointEntity> {
    const point = await tx.manager.findOne(MeteringPointEntity, { where: { id: pointId } });
    if (!point || !canSeeMember(access, point.memberId)) {
      throw new MeteringPointsException('METERING_POINT_NOT_FOUND', 'No such metering point');
    }
    return point;
  }

  /** One EAN is in at most one sharing group at a time, in this community and across all communities. */
  private async checkEan(tx: TenantTransaction, point: MeteringPointEntity): Promise<void> {
    const own = await tx.manager
      .createQueryBuilder(MeteringPointEntity, 'point')
      .where('point.ean = :ean AND point.id <> :id', { ean: point.ean, id: point.id })
      .andWhere(
        `daterange(point.valid_from, point.valid_to, '[]') && daterange(:from::date, :to::date, '[]')`,
        { from: point.validFrom, to: point.validTo },
      )
      .getOne();
    if (own) {
      throw new MeteringPointsException(
        'EAN_ALREADY_REGISTERED',
        `EAN ${point.ean} is already registered in this community for an overlapping period`,
        { meteringPointId: own.id },
      );
    }
    const [answer] = await tx.query<{ taken: boolean }>(
      `SELECT ean_in_use_elsewhere($1, $2, $3, $4) AS taken`,
      [point.ean, tx.communityId, point.validFrom, point.validTo],
    );
    if (answer?.taken === true) throw eanUnavailable();
  }

  /** Points of the group overlapping the new point's validity, against the dated limit (11 for an active customer). */
  private async checkGroupSize(
    tx: TenantTransaction,
    access: Access,
    point: MeteringPointEntity,
  ): Promise<void> {
    const limit = rulesFor(access.community.type, point.validFrom).maxMeteringPoints;
    const count = await tx.manager
      .createQueryBuilder(MeteringPointEntity, 'point')
      .where('point.sharing_group_id = :groupId', { groupId: point.sharingGroupId })
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

  private async requireMember(tx: TenantTransaction, memberId: string): Promise<void> {
    if (!(await tx.manager.exists(MemberEntity, { where: { id: memberId } })))
      throw new MeteringPointsException('POINT_MEMBER_NOT_FOUND', 'No such member in this community');
  }
}

/** The database's own checks of a point, as the API's errors. */
function saving<T>(write: () => Promise<T>): Promise<T> {
  return mappingDatabaseErrors(write, (info) => {
    if (info.code === PG_EXCLUSION_VIOLATION && info.constraint === 'ean_claims_no_overlap')
      return eanUnavailable();
    if (info.code === PG_EXCLUSION_VIOLATION) {
      return new MeteringPointsException(
        'EAN_ALREADY_REGISTERED',
        'This EAN is already registered in this community for an overlapping period',
      );
    }
    if (info.code === PG_FOREIGN_KEY_VIOLATION) {
      return new MeteringPointsException(
        'POINT_IN_USE',
        'The point is used by an allocation key or a generation source; set validTo instead',
      );
    }
    return undefined;
  });
}
