import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import {
  type Access,
  AllocationKeyEntity,
  AllocationKeyPairEntity,
  AuditLog,
  checkPeriod,
  CommunityAccess,
  daysBetweenEnds,
  PeriodChangeStore,
  StaleRecompute,
  firstDayOtherThan,
  iterationRequestedOn,
  IterationPeriodStore,
  SharingGroupStore,
  type IterationPeriod,
  MeteringPointEntity,
  PG_CHECK_VIOLATION,
  PG_EXCLUSION_VIOLATION,
  postgresError,
} from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import type { ClosePeriodDto, Page, PageRequest } from '@sdilna/api/util-registry';
import { edcRegistrationCsv } from '@sdilna/shared/domain-key-advice';
import {
  type AllocationKey,
  type KeyFile,
  keyToFile,
  validateKeyFile,
} from '@sdilna/shared/domain-allocation';
import { addDays, basisPointsToPercent, rulesFor, sharingRounds } from '@sdilna/shared/domain-core';

import { AllocationKeysException } from './allocation-keys.exception';
import { keyFileError } from './key-file-error';
import type {
  AllocationKeyListQueryDto,
  AllocationKeyView,
  CreateAllocationKeyDto,
} from './dtos/allocation-key.dto';

const overlaps = `daterange(key.valid_from, key.valid_to, '[]') && daterange(:from::date, :to::date, '[]')`;

@Injectable()
export class AllocationKeysService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
    private readonly stale: StaleRecompute,
  ) {}

  async list(
    principal: Principal,
    communityId: string,
    query: AllocationKeyListQueryDto,
    page: PageRequest,
  ): Promise<Page<AllocationKeyView>> {
    return this.db.run(communityId, async (tx) => {
      const access = await this.adminAccess(tx, communityId, principal);
      const builder = tx.manager.createQueryBuilder(AllocationKeyEntity, 'key');
      if (query.sharingGroupId !== undefined)
        builder.andWhere('key.sharing_group_id = :groupId', { groupId: query.sharingGroupId });
      if (query.activeOn !== undefined)
        builder.andWhere('key.valid_from <= :day AND (key.valid_to IS NULL OR key.valid_to >= :day)', {
          day: query.activeOn,
        });
      const [keys, total] = await builder
        .orderBy('key.valid_from', 'DESC')
        .addOrderBy('key.id')
        .take(page.limit)
        .skip(page.offset)
        .getManyAndCount();
      const items = await Promise.all(keys.map((key) => this.toView(tx, access, key)));
      return { items, total, ...page };
    });
  }

  async get(principal: Principal, communityId: string, keyId: string): Promise<AllocationKeyView> {
    return this.db.run(communityId, async (tx) => {
      const access = await this.adminAccess(tx, communityId, principal);
      return this.toView(tx, access, await this.find(tx, keyId));
    });
  }

  /** The key as the key file EDC registration and the CLI read (contract.md section 1). */
  async export(
    principal: Principal,
    communityId: string,
    keyId: string,
  ): Promise<{ file: KeyFile; validFrom: string }> {
    return this.db.run(communityId, async (tx) => {
      const access = await this.adminAccess(tx, communityId, principal);
      const key = await this.find(tx, keyId);
      return { file: keyToFile(await this.domainKey(tx, access, key)), validFrom: key.validFrom };
    });
  }

  /** The key version as EDC's registration table (docs/keys.md, "EDC registration table"). */
  async exportEdc(
    principal: Principal,
    communityId: string,
    keyId: string,
  ): Promise<{ csv: string; validFrom: string }> {
    return this.db.run(communityId, async (tx) => {
      const access = await this.adminAccess(tx, communityId, principal);
      const key = await this.find(tx, keyId);
      return { csv: edcRegistrationCsv(await this.domainKey(tx, access, key)), validFrom: key.validFrom };
    });
  }

  async create(
    principal: Principal,
    communityId: string,
    input: CreateAllocationKeyDto,
  ): Promise<AllocationKeyView> {
    const created = await this.db.run(communityId, async (tx) => {
      const access = await this.adminAccess(tx, communityId, principal);
      const validTo = input.validTo ?? null;
      checkPeriod('allocation key', input.validFrom, validTo);
      const group = await tx.store(SharingGroupStore).resolve(input.sharingGroupId);
      if ('code' in group) throw new AllocationKeysException(group.code, group.message);
      const groupId = group.id;
      // One key change per group at a time, so the overlap check and the insert see the same versions.
      await tx.store(SharingGroupStore).lock(groupId);
      const rules = rulesFor(access.community.type, input.validFrom);

      const validation = validateKeyFile(
        { method: input.method, rounds: input.rounds, allocations: input.allocations },
        { maxProducersPerConsumer: rules.maxProducersPerConsumer },
      );
      if (validation.key === undefined) throw keyFileError(validation.issues);
      const key = validation.key;

      const points = await tx.manager
        .createQueryBuilder(MeteringPointEntity, 'point')
        .where('point.sharing_group_id = :groupId', { groupId })
        .andWhere('point.valid_from <= :day AND (point.valid_to IS NULL OR point.valid_to >= :day)', {
          day: input.validFrom,
        })
        .getMany();
      if (!points.some((point) => point.role === 'production')) {
        throw new AllocationKeysException(
          'GROUP_NEEDS_PRODUCTION_POINT',
          `The sharing group has no production point active on ${input.validFrom}; register one before its key`,
        );
      }
      const periods = await tx.store(IterationPeriodStore).list(groupId);
      this.checkMethodAgainstIteration(key.method, periods, input.validFrom, validTo);
      if (key.rounds !== undefined) {
        // A registered key runs EDC's rounds; an explicit value is accepted only where it says the same.
        const consumers = points.filter((point) => point.role === 'consumption').length;
        const edcRounds = sharingRounds(rules, {
          iterationRequested: iterationRequestedOn(periods, input.validFrom),
          groupPoints: points.length,
          consumptionPoints: consumers,
        });
        if (key.rounds !== edcRounds) {
          throw new AllocationKeysException(
            'KEY_ROUNDS_NOT_EDC',
            `rounds ${key.rounds} contradicts EDC: on ${input.validFrom} the group has ${points.length} points, ${consumers} of them consumption, and ${iterationRequestedOn(periods, input.validFrom) ? 'asked' : 'did not ask'} for iteration, so EDC runs ${edcRounds} round${edcRounds === 1 ? '' : 's'}; leave rounds out (EDC derives them) or state ${edcRounds}`,
            { rounds: key.rounds, edcRounds },
          );
        }
      }
      const byEan = new Map(points.map((point) => [point.ean, point]));
      const outside: { index: number; ean: string; expectedRole: string }[] = [];
      key.allocations.forEach((allocation, index) => {
        for (const [ean, role] of [
          [allocation.producer, 'production'],
          [allocation.consumer, 'consumption'],
        ] as const) {
          if (byEan.get(ean)?.role !== role) outside.push({ index, ean, expectedRole: role });
        }
      });
      if (outside.length > 0) {
        throw new AllocationKeysException(
          'KEY_POINT_NOT_IN_GROUP',
          `A key covers only points of the group active on ${input.validFrom}: ${outside.map((o) => `allocations[${o.index}] ${o.ean} is not a ${o.expectedRole} point of the group then`).join('; ')}`,
          { entries: outside },
        );
      }

      await this.closeOrRefuseOverlap(tx, access, groupId, input.validFrom, validTo);
      // The key's days (also those an open-ended predecessor gives up) get other sharing: refused over a final
      // month, recomputed at any age after the commit.
      await tx.store(PeriodChangeStore).apply({
        what: `allocation key ${input.validFrom}..${validTo ?? 'open'}`,
        days: [{ from: input.validFrom, to: validTo }],
        affects: 'sharing',
        ...(input.asCorrection !== undefined ? { asCorrection: input.asCorrection } : {}),
      });
      const id = randomUUID();
      const row = {
        communityId,
        id,
        sharingGroupId: groupId,
        validFrom: input.validFrom,
        validTo,
        method: key.method,
        createdBy: access.userId,
      };
      try {
        await tx.manager.insert(AllocationKeyEntity, row);
        if (key.allocations.length > 0) {
          await tx.manager.insert(
            AllocationKeyPairEntity,
            key.allocations.map((allocation) => ({
              communityId,
              keyId: id,
              producerPointId: byEan.get(allocation.producer)?.id ?? '',
              consumerPointId: byEan.get(allocation.consumer)?.id ?? '',
              basisPoints: allocation.basisPoints,
              priority: allocation.priority,
            })),
          );
        }
        // The producer-total constraint trigger is deferred; run it now so its error maps to our code.
        await tx.query('SET CONSTRAINTS ALL IMMEDIATE');
      } catch (error) {
        const info = postgresError(error);
        if (info?.code === PG_EXCLUSION_VIOLATION)
          throw new AllocationKeysException(
            'KEY_PERIOD_OVERLAP',
            'Another key version of this group covers part of this period',
          );
        if (info?.code === PG_CHECK_VIOLATION)
          throw new AllocationKeysException(
            'PRODUCER_SHARE_OVER_100',
            'A producer would share more than 100 %',
          );
        throw error;
      }
      const view = await this.toView(tx, access, { ...row, createdAt: new Date() });
      await this.audit.recordIn(tx, {
        actorUserId: access.userId,
        action: 'create',
        entity: 'allocation-key',
        entityId: id,
        after: view,
      });
      return view;
    });
    await this.stale.request(communityId);
    return created;
  }

  /**
   * Ends a key version (or moves its end; null: open-ended again). The next version may start the day after;
   * a longer period may not reach into the next version (409). The days between the two ends get other
   * sharing: refused over a final month, recomputed at any age.
   */
  async close(
    principal: Principal,
    communityId: string,
    keyId: string,
    input: ClosePeriodDto,
  ): Promise<AllocationKeyView> {
    const view = await this.db.run(communityId, async (tx) => {
      const access = await this.adminAccess(tx, communityId, principal);
      const before = await this.find(tx, keyId);
      await tx.store(SharingGroupStore).lock(before.sharingGroupId);
      checkPeriod('allocation key', before.validFrom, input.validTo);
      const others = (
        await tx.manager
          .createQueryBuilder(AllocationKeyEntity, 'key')
          .where('key.sharing_group_id = :groupId AND key.id <> :id', {
            groupId: before.sharingGroupId,
            id: keyId,
          })
          .andWhere(overlaps, { from: before.validFrom, to: input.validTo })
          .getMany()
      ).filter((key) => key.id !== keyId);
      if (others.length > 0) {
        throw new AllocationKeysException(
          'KEY_PERIOD_OVERLAP',
          `Key versions of a group cannot overlap; ${others.map((k) => `${k.id} (${k.validFrom}..${k.validTo ?? 'open'})`).join(', ')} covers part of ${before.validFrom}..${input.validTo ?? 'open'}`,
          { keys: others.map((k) => ({ id: k.id, validFrom: k.validFrom, validTo: k.validTo })) },
        );
      }
      if (input.validTo === null || (before.validTo !== null && input.validTo > before.validTo)) {
        const periods = await tx.store(IterationPeriodStore).list(before.sharingGroupId);
        this.checkMethodAgainstIteration(before.method, periods, before.validFrom, input.validTo);
      }
      await tx.store(PeriodChangeStore).apply({
        what: `ending allocation key ${before.validFrom}..${before.validTo ?? 'open'} on ${input.validTo ?? 'no day (open-ended)'}`,
        days: daysBetweenEnds(before.validTo, input.validTo),
        affects: 'sharing',
        ...(input.asCorrection !== undefined ? { asCorrection: input.asCorrection } : {}),
      });
      await tx.manager.update(AllocationKeyEntity, { id: keyId }, { validTo: input.validTo });
      const after = await this.toView(tx, access, { ...before, validTo: input.validTo });
      await this.audit.recordIn(tx, {
        actorUserId: access.userId,
        action: 'update',
        entity: 'allocation-key',
        entityId: keyId,
        before: { validTo: before.validTo },
        after: { validTo: input.validTo },
      });
      return after;
    });
    await this.stale.request(communityId);
    return view;
  }

  /**
   * Versions do not overlap. A new version after an open-ended one closes it the day before (the usual
   * "new key from next month"); any other overlap is refused and names the version in the way.
   */
  private async closeOrRefuseOverlap(
    tx: TenantTransaction,
    access: Access,
    groupId: string,
    validFrom: string,
    validTo: string | null,
  ): Promise<void> {
    const overlapping = await tx.manager
      .createQueryBuilder(AllocationKeyEntity, 'key')
      .where('key.sharing_group_id = :groupId', { groupId })
      .andWhere(overlaps, { from: validFrom, to: validTo })
      .getMany();
    const [only, second] = overlapping;
    if (only === undefined) return;
    if (second === undefined && only.validTo === null && only.validFrom < validFrom) {
      const closedOn = addDays(validFrom, -1);
      await tx.manager.update(AllocationKeyEntity, { id: only.id }, { validTo: closedOn });
      await this.audit.recordIn(tx, {
        actorUserId: access.userId,
        action: 'update',
        entity: 'allocation-key',
        entityId: only.id,
        before: { validTo: null },
        after: { validTo: closedOn },
      });
      return;
    }
    throw new AllocationKeysException(
      'KEY_PERIOD_OVERLAP',
      `Key versions of a group cannot overlap; ${overlapping.map((k) => `${k.id} (${k.validFrom}..${k.validTo ?? 'open'})`).join(', ')} covers part of this period`,
      {
        keys: overlapping.map((k) => ({ id: k.id, validFrom: k.validFrom, validTo: k.validTo })),
      },
    );
  }

  /**
   * `static-iterative` is what a group that asked EDC for iteration registers, `static` one that did not; the
   * group's recorded request (sharing-groups/:groupId/iteration) must say the same on every day of the key's
   * validity.
   */
  private checkMethodAgainstIteration(
    method: AllocationKey['method'],
    periods: readonly IterationPeriod[],
    validFrom: string,
    validTo: string | null,
  ): void {
    if (method !== 'static' && method !== 'static-iterative') return;
    const wanted = method === 'static-iterative';
    const day = firstDayOtherThan(periods, wanted, validFrom, validTo);
    if (day === undefined) return;
    const change = `PUT .../sharing-groups/:groupId/iteration { "requested": ${wanted}, "validFrom": "${day}" }`;
    throw new AllocationKeysException(
      'KEY_METHOD_CONTRADICTS_ITERATION',
      wanted
        ? `The sharing group has not asked EDC for iteration on ${day}, so EDC runs one round there and a static-iterative key contradicts it; record the request from that day (${change}) or register the key with method static`
        : `The sharing group asked EDC for iteration on ${day}, so EDC iterates there and a static key contradicts it; register the key with method static-iterative, or record that iteration is not requested from that day (${change})`,
      { method, day, iterationRequested: !wanted },
    );
  }

  /** Keys name every EAN of the group, so only administrators read them. */
  private async adminAccess(
    tx: TenantTransaction,
    communityId: string,
    principal: Principal,
  ): Promise<Access> {
    const access = await this.access.resolveIn(tx, principal);
    this.access.requireAdmin(access);
    return access;
  }

  private async find(tx: TenantTransaction, keyId: string): Promise<AllocationKeyEntity> {
    const key = await tx.manager.findOne(AllocationKeyEntity, {
      where: { id: keyId },
    });
    if (!key) throw new AllocationKeysException('KEY_NOT_FOUND', 'No such allocation key');
    return key;
  }

  private async domainKey(
    tx: TenantTransaction,
    access: Access,
    key: AllocationKeyEntity,
  ): Promise<AllocationKey> {
    const rows = await tx.store(SharingGroupStore).keyPairs(key.id);
    return {
      method: key.method,
      allocations: rows.map((row) => ({
        producer: row.producer,
        consumer: row.consumer,
        basisPoints: row.basis_points,
        priority: row.priority,
      })),
    };
  }

  private async toView(
    tx: TenantTransaction,
    access: Access,
    key: AllocationKeyEntity,
  ): Promise<AllocationKeyView> {
    const domain = await this.domainKey(tx, access, key);
    return {
      id: key.id,
      sharingGroupId: key.sharingGroupId,
      validFrom: key.validFrom,
      validTo: key.validTo,
      method: key.method,
      allocations: domain.allocations.map((a) => ({
        producer: a.producer,
        consumer: a.consumer,
        percent: basisPointsToPercent(a.basisPoints),
        priority: a.priority,
      })),
    };
  }
}
