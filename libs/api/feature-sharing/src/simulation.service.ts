import { Injectable } from '@nestjs/common';
import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import {
  RegistryReader,
  SharingRunsStore,
  type RegisteredKeyVersion,
  type RegisteredPoint,
} from '@sdilna/api/data-access-readings';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import {
  allocate,
  analyseIntervals,
  compileKey,
  formatKeyFileIssue,
  keyRequestsIteration,
  keyRoundsOn,
  validateKeyFile,
  type AllocationKey,
  type AllocationResult,
  type CompiledKey,
  MAX_PRIORITY,
} from '@sdilna/shared/domain-allocation';
import { kwhToJsonNumber, rulesFor } from '@sdilna/shared/domain-core';
import { moneyText } from '@sdilna/shared/util-api-contract';

import type {
  SimulationMemberView,
  SimulationRequestDto,
  SimulationRoundsView,
  SimulationView,
} from './dtos/simulation.dto';
import { CompiledKeyCache, groupDay, keyVersionOn, type GroupDay } from './group-day';
import { SharingException } from './sharing.exception';
import { isRunOf, measuredChunks, storedResult } from './registered-days';
import { ComparedMoney, type SideMoney } from './sharing-value';
import { checkPeriod, pointsInPeriod } from './sharing-access';

const MAX_DAYS = 366;
const CHUNK_DAYS = 14;
/** The engine's name of the prospective member's point in a newcomer estimate (never a registered EAN). */
export const NEWCOMER_POINT = 'newcomer';

/** What a prospective member would draw, day by day: the demand of its typical or uploaded profile. */
export interface NewcomerRequest {
  readonly days: readonly string[];
  /** the newcomer's demand per interval of a day (0.01 kWh), or undefined for a day it has none */
  readonly demand: (day: string) => Int32Array | undefined;
}

/** The newcomer's shared energy of one day from each producer of the group, per interval. */
export interface NewcomerDay {
  readonly day: string;
  readonly producers: readonly string[];
  readonly intervalCount: number;
  /** producers × intervals, producer-major (the engine's layout) */
  readonly producerShared: Int32Array;
}

export interface NewcomerEstimate {
  readonly sharingGroupId: string | undefined;
  /** days with stored production in the group */
  readonly days: number;
  /** 0.01 kWh */
  readonly sharedKwh: number;
  readonly demandKwh: number;
  readonly producedKwh: number;
  /** what the current members leave unshared, which is all the newcomer may draw */
  readonly leftoverKwh: number;
  readonly perDay: readonly NewcomerDay[];
}

interface PointSums {
  measured: number;
  registered: number;
  simulated: number;
}

/**
 * POST .../simulations: the same engine with another key over the stored measured values of a period, next to
 * the key versions registered for those days, per EAN, per member and for the group (shared and missed). The
 * registered side is the sharing read model (the recompute's stored run of the day) wherever that run is of the
 * day's data version; only a day not recomputed since its data or key changed runs the registered key here.
 */
@Injectable()
export class SimulationService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
  ) {}

  async simulate(
    principal: Principal,
    communityId: string,
    request: SimulationRequestDto,
  ): Promise<SimulationView> {
    const days = checkPeriod(request.from, request.to, MAX_DAYS, 'a simulation');
    return this.db.run(communityId, async (tx) => {
      const access = await this.access.resolve(tx.manager, communityId, principal);
      this.access.requireAdmin(access);
      const rules = rulesFor(access.community.type, request.from);
      const checked = validateKeyFile(request.key, {
        maxProducersPerConsumer: rules.maxProducersPerConsumer,
      });
      if (checked.key === undefined) {
        throw new SharingException(
          'SIMULATION_KEY_INVALID',
          `The key is not valid: ${checked.issues.map(formatKeyFileIssue).join('; ')}`,
          checked.issues,
        );
      }
      const points = await tx.store(RegistryReader).points();
      const sharingGroupId = this.groupOfKey(checked.key, points);
      const groupPoints = points.filter((point) => point.sharingGroupId === sharingGroupId);
      const versions = await tx.store(RegistryReader).keyVersions(request.from, request.to);
      const groupRounds = await tx.store(RegistryReader).groupRounds();
      const simulatedVersion = { id: 'simulated', key: checked.key };
      const simulatedCache = new CompiledKeyCache();
      const registeredCache = new CompiledKeyCache();
      const sums = new Map<string, PointSums>(
        groupPoints.map((point) => [point.id, { measured: 0, registered: 0, simulated: 0 }]),
      );
      const missed = { registered: 0, simulated: 0 };
      const registeredKeys = new Set<string>();
      let dataDays = 0;
      const roundsSeen = new RoundsSeen();
      const money = new ComparedMoney(tx, request.from, request.to, ['registered', 'simulated'] as const);
      const stored = new Map(
        (await tx.store(SharingRunsStore).runs(request.from, request.to, [sharingGroupId])).map((run) => [
          run.day,
          run,
        ]),
      );
      for await (const { chunk, byDay, computed } of measuredChunks(tx, groupPoints, days, CHUNK_DAYS)) {
        for (const day of chunk) {
          const rows = byDay.get(day);
          if (rows === undefined) continue;
          dataDays++;
          const layout = groupDay(day, groupPoints, rows);
          const version = keyVersionOn(versions, sharingGroupId, day);
          if (version !== undefined) registeredKeys.add(version.id);
          const producers = layout.producers.length;
          const consumers = layout.consumers.length;
          // The registered key runs EDC's rounds for the group; the simulated one asks for iteration by its
          // method (what if the group registered it) and may name its own rounds as a what-if.
          const edcRounds = groupRounds.on(sharingGroupId, day, producers, consumers);
          const simulatedRounds = keyRoundsOn(checked.key, rulesFor(access.community.type, day), {
            iterationRequested: keyRequestsIteration(checked.key),
            groupPoints: producers + consumers,
            consumptionPoints: consumers,
          });
          roundsSeen.add(simulatedRounds.rounds, simulatedRounds.edcRounds, edcRounds);
          const run = stored.get(day);
          const registeredKey = registeredCache.get(version, layout, edcRounds);
          const simulatedKey = simulatedCache.get(simulatedVersion, layout, simulatedRounds.rounds);
          const registered =
            version !== undefined && isRunOf(run, version.id, edcRounds, layout)
              ? storedResult(layout, run.missed, computed)
              : this.run(registeredKey, layout);
          const simulated = this.run(simulatedKey, layout);
          // Kč: each side's pair series, priced month by month as settlement prices them. A consumer with
          // several producers needs the engine's pair results: only then does a side run again with pairs.
          for (const [side, key, result] of [
            ['registered', registeredKey, registered.result],
            ['simulated', simulatedKey, simulated.result],
          ] as const) {
            if (!(await money.addDay(day, side, key, result)))
              await money.addDay(day, side, key, allocate(key, layout.input, { pairs: true }));
          }
          missed.registered += registered.missed;
          missed.simulated += simulated.missed;
          addColumns(
            layout,
            layout.producers,
            layout.input.production,
            registered.result.producerShared,
            simulated.result.producerShared,
            sums,
          );
          addColumns(
            layout,
            layout.consumers,
            layout.input.demand,
            registered.result.consumerShared,
            simulated.result.consumerShared,
            sums,
          );
        }
      }
      const valued = await money.finish();
      const members = await this.memberNames(tx);
      const byMember = new Map<string, { registered: number; simulated: number }>();
      const pointViews = pointsInPeriod(groupPoints, request.from, request.to).map((point) => {
        const sum = sums.get(point.id) as PointSums;
        if (point.role === 'consumption') {
          const member = byMember.get(point.memberId) ?? { registered: 0, simulated: 0 };
          member.registered += sum.registered;
          member.simulated += sum.simulated;
          byMember.set(point.memberId, member);
        }
        return {
          ean: point.ean,
          role: point.role,
          memberId: point.memberId,
          measuredKwh: kwhToJsonNumber(sum.measured),
          registeredSharedKwh: kwhToJsonNumber(sum.registered),
          simulatedSharedKwh: kwhToJsonNumber(sum.simulated),
          changeKwh: kwhToJsonNumber(sum.simulated - sum.registered),
        };
      });
      const shared = (field: 'registered' | 'simulated') =>
        groupPoints
          .filter((point) => point.role === 'production')
          .reduce((total, point) => total + (sums.get(point.id)?.[field] ?? 0), 0);
      return {
        from: request.from,
        to: request.to,
        sharingGroupId,
        days: dataDays,
        registered: {
          sharedKwh: kwhToJsonNumber(shared('registered')),
          missedKwh: kwhToJsonNumber(missed.registered),
          ...sideMoney(valued?.registered),
        },
        simulated: {
          sharedKwh: kwhToJsonNumber(shared('simulated')),
          missedKwh: kwhToJsonNumber(missed.simulated),
          ...sideMoney(valued?.simulated),
        },
        changeKwh: kwhToJsonNumber(shared('simulated') - shared('registered')),
        changeCzk: valued ? moneyText(valued.simulated.value - valued.registered.value) : null,
        moneyUnknown: money.unknown ?? null,
        rounds: roundsSeen.views(),
        points: pointViews,
        members: [...byMember].map(([memberId, member]) => ({
          memberId,
          name: members.get(memberId) ?? '',
          registeredSharedKwh: kwhToJsonNumber(member.registered),
          simulatedSharedKwh: kwhToJsonNumber(member.simulated),
          changeKwh: kwhToJsonNumber(member.simulated - member.registered),
          ...memberMoney(memberId, valued),
        })),
      };
    });
  }

  /**
   * The public page's estimate (issue 23): what a prospective member would share in each sharing group of the
   * community over `days`, on the group's stored measured production. Today's members keep what they get: each
   * day the registered key runs first (the stored run where it is current, exactly as in `simulate`), and the
   * newcomer draws from what is left with a key of its own (every producer 100 % to it, in EAN order as
   * priorities, one round). Runs inside the caller's tenant transaction; answers the group where the newcomer
   * would share most.
   */
  async newcomer(tx: TenantTransaction, request: NewcomerRequest): Promise<NewcomerEstimate> {
    const [from, to] = [request.days[0], request.days[request.days.length - 1]];
    const empty: NewcomerEstimate = {
      sharingGroupId: undefined,
      days: 0,
      sharedKwh: 0,
      demandKwh: 0,
      producedKwh: 0,
      leftoverKwh: 0,
      perDay: [],
    };
    if (from === undefined || to === undefined) return empty;
    const points = await tx.store(RegistryReader).points();
    const versions = await tx.store(RegistryReader).keyVersions(from, to);
    const groupRounds = await tx.store(RegistryReader).groupRounds();
    const groups = [
      ...new Set(points.filter((point) => point.role === 'production').map((point) => point.sharingGroupId)),
    ].sort();
    let best = empty;
    for (const sharingGroupId of groups) {
      const groupPoints = points.filter((point) => point.sharingGroupId === sharingGroupId);
      const estimate = await this.newcomerInGroup(tx, request, sharingGroupId, groupPoints, {
        versions,
        rounds: (day, producers, consumers) => groupRounds.on(sharingGroupId, day, producers, consumers),
      });
      if (best.sharingGroupId === undefined || estimate.sharedKwh > best.sharedKwh) best = estimate;
    }
    return best;
  }

  private async newcomerInGroup(
    tx: TenantTransaction,
    request: NewcomerRequest,
    sharingGroupId: string,
    groupPoints: readonly RegisteredPoint[],
    registry: {
      versions: readonly RegisteredKeyVersion[];
      rounds: (day: string, producers: number, consumers: number) => number;
    },
  ): Promise<NewcomerEstimate> {
    const registeredCache = new CompiledKeyCache();
    const newcomerKeys = new Map<string, CompiledKey>();
    const [from, to] = [request.days[0] as string, request.days[request.days.length - 1] as string];
    const stored = new Map(
      (await tx.store(SharingRunsStore).runs(from, to, [sharingGroupId])).map((run) => [run.day, run]),
    );
    const perDay: NewcomerDay[] = [];
    let days = 0;
    let shared = 0;
    let demanded = 0;
    let produced = 0;
    let leftoverTotal = 0;
    for await (const { chunk, byDay, computed } of measuredChunks(
      tx,
      groupPoints,
      request.days,
      CHUNK_DAYS,
    )) {
      for (const day of chunk) {
        const rows = byDay.get(day);
        const layout = rows === undefined ? undefined : groupDay(day, groupPoints, rows);
        if (layout === undefined || layout.producers.length === 0) continue;
        const demand = request.demand(day);
        if (demand === undefined || demand.length !== layout.intervalCount) continue;
        days++;
        const version = keyVersionOn(registry.versions, sharingGroupId, day);
        const rounds = registry.rounds(day, layout.producers.length, layout.consumers.length);
        const run = stored.get(day);
        const registered =
          version !== undefined && isRunOf(run, version.id, rounds, layout)
            ? storedResult(layout, run.missed, computed)
            : this.run(registeredCache.get(version, layout, rounds), layout);
        const production = layout.input.production;
        const leftover = new Int32Array(production.length);
        for (let i = 0; i < production.length; i++) {
          const value = (production[i] as number) - (registered.result.producerShared[i] as number);
          leftover[i] = value > 0 ? value : 0;
          produced += production[i] as number;
          leftoverTotal += leftover[i] as number;
        }
        const producers = layout.producers.map((point) => point.ean);
        const signature = producers.join(',');
        let compiled = newcomerKeys.get(signature);
        if (compiled === undefined) {
          compiled = compileKey(newcomerKey(producers), 1, { producers, consumers: [NEWCOMER_POINT] });
          newcomerKeys.set(signature, compiled);
        }
        const result = allocate(compiled, {
          intervalCount: layout.intervalCount,
          production: leftover,
          demand,
        });
        for (const value of demand) demanded += value;
        for (const value of result.producerShared) shared += value;
        perDay.push({
          day,
          producers,
          intervalCount: layout.intervalCount,
          producerShared: result.producerShared,
        });
      }
    }
    return {
      sharingGroupId,
      days,
      sharedKwh: shared,
      demandKwh: demanded,
      producedKwh: produced,
      leftoverKwh: leftoverTotal,
      perDay,
    };
  }

  private run(compiled: CompiledKey, layout: GroupDay): { result: AllocationResult; missed: number } {
    const result = allocate(compiled, layout.input);
    const analytics = analyseIntervals(compiled, layout.input, result);
    return { result, missed: analytics.missed.reduce((sum, value) => sum + value, 0) };
  }

  /** The key's EANs must be registered points of one sharing group (groups do not share with each other). */
  private groupOfKey(key: AllocationKey, points: readonly RegisteredPoint[]): string {
    const eans = [
      ...new Set(key.allocations.flatMap((allocation) => [allocation.producer, allocation.consumer])),
    ];
    const registered = new Set(points.map((point) => point.ean));
    const unknown = eans.filter((ean) => !registered.has(ean));
    const named = new Set(eans);
    if (unknown.length > 0) {
      throw new SharingException(
        'SIMULATION_KEY_INVALID',
        `The key names EANs that are not metering points of this community: ${unknown.join(', ')}`,
        { unknownEans: unknown },
      );
    }
    const groups = [
      ...new Set(points.filter((point) => named.has(point.ean)).map((point) => point.sharingGroupId)),
    ];
    const [group] = groups;
    if (group === undefined) {
      throw new SharingException(
        'SIMULATION_KEY_INVALID',
        'The key has no allocations; expected at least one producer–consumer pair',
      );
    }
    if (groups.length > 1) {
      throw new SharingException(
        'SIMULATION_KEY_INVALID',
        `The key mixes metering points of ${groups.length} sharing groups; a key applies within one group`,
      );
    }
    return group;
  }

  private async memberNames(tx: TenantTransaction): Promise<Map<string, string>> {
    const rows: Array<{ id: string; name: string }> = await tx.query(`SELECT id, name FROM members`);
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

/** A side's Kč: value at the internal price and the members' savings (null where unknown). */
function sideMoney(side: SideMoney | undefined): { valueCzk: string | null; savingCzk: string | null } {
  if (side === undefined) return { valueCzk: null, savingCzk: null };
  let saving: number | undefined = 0;
  for (const member of side.members.values())
    saving = saving === undefined || member.saving === undefined ? undefined : saving + member.saving;
  return { valueCzk: moneyText(side.value), savingCzk: saving !== undefined ? moneyText(saving) : null };
}

/** The newcomer's own key: every producer of the group gives it all its leftover, the producers in EAN order. */
export function newcomerKey(producers: readonly string[]): AllocationKey {
  return {
    method: 'static',
    allocations: producers.map((producer, index) => ({
      producer,
      consumer: NEWCOMER_POINT,
      basisPoints: 10_000,
      priority: Math.min(index + 1, MAX_PRIORITY),
    })),
  };
}

function memberMoney(
  memberId: string,
  valued: Record<'registered' | 'simulated', SideMoney> | undefined,
): Pick<
  SimulationMemberView,
  | 'registeredValueCzk'
  | 'simulatedValueCzk'
  | 'changeCzk'
  | 'registeredSavingCzk'
  | 'simulatedSavingCzk'
  | 'savingChangeCzk'
> {
  const registered =
    valued?.registered.members.get(memberId) ?? (valued ? { value: 0, saving: 0 } : undefined);
  const simulated = valued?.simulated.members.get(memberId) ?? (valued ? { value: 0, saving: 0 } : undefined);
  const text = (value: number | undefined) => (value !== undefined ? moneyText(value) : null);
  const savingChange =
    registered?.saving !== undefined && simulated?.saving !== undefined
      ? simulated.saving - registered.saving
      : undefined;
  return {
    registeredValueCzk: text(registered?.value),
    simulatedValueCzk: text(simulated?.value),
    changeCzk: registered && simulated ? moneyText(simulated.value - registered.value) : null,
    registeredSavingCzk: text(registered?.saving),
    simulatedSavingCzk: text(simulated?.saving),
    savingChangeCzk: text(savingChange),
  };
}

/** Days per distinct (simulated, its EDC rounds, registered) rounds, so the answer shows a what-if beside EDC's. */
class RoundsSeen {
  private readonly seen = new Map<string, SimulationRoundsView>();

  add(simulatedRounds: number, simulatedEdcRounds: number, registeredRounds: number): void {
    const id = `${simulatedRounds}|${simulatedEdcRounds}|${registeredRounds}`;
    const view = this.seen.get(id) ?? { days: 0, registeredRounds, simulatedRounds, simulatedEdcRounds };
    view.days++;
    this.seen.set(id, view);
  }

  views(): SimulationRoundsView[] {
    return [...this.seen.values()];
  }
}

function addColumns(
  layout: GroupDay,
  list: readonly RegisteredPoint[],
  measured: Int32Array,
  registered: Int32Array,
  simulated: Int32Array,
  sums: Map<string, PointSums>,
): void {
  const count = layout.intervalCount;
  list.forEach((point, column) => {
    const sum = sums.get(point.id);
    if (sum === undefined) return;
    for (let i = column * count, end = i + count; i < end; i++) {
      sum.measured += measured[i] as number;
      sum.registered += registered[i] as number;
      sum.simulated += simulated[i] as number;
    }
  });
}
