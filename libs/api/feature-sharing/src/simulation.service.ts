import { Injectable } from '@nestjs/common';
import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { RegistryReader, SharingRunsStore, type RegisteredPoint } from '@sdilna/api/data-access-readings';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import {
  allocate,
  analyseIntervals,
  formatKeyFileIssue,
  keyRequestsIteration,
  keyRoundsOn,
  validateKeyFile,
  type AllocationKey,
  type AllocationResult,
  type CompiledKey,
} from '@sdilna/shared/domain-allocation';
import { kwhToJsonNumber, rulesFor } from '@sdilna/shared/domain-core';
import { moneyText } from '@sdilna/shared/util-api-contract';

import type {
  SimulationMemberView,
  SimulationRequestDto,
  SimulationRoundsView,
  SimulationView,
} from './dtos/simulation.dto';
import { CompiledKeyCache, dayChunks, groupDay, keyVersionOn, type GroupDay } from './group-day';
import { SharingException } from './sharing.exception';
import { isRunOf, loadMeasured, storedResult } from './registered-days';
import { ComparedMoney, type SideMoney } from './sharing-value';
import { checkPeriod, pointsInPeriod } from './sharing-access';

const MAX_DAYS = 366;
const CHUNK_DAYS = 14;

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
      for (const chunk of dayChunks(days, CHUNK_DAYS)) {
        const { byDay, computed } = await loadMeasured(tx, groupPoints, chunk);
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
    const unknown = eans.filter((ean) => !points.some((point) => point.ean === ean));
    if (unknown.length > 0) {
      throw new SharingException(
        'SIMULATION_KEY_INVALID',
        `The key names EANs that are not metering points of this community: ${unknown.join(', ')}`,
        { unknownEans: unknown },
      );
    }
    const groups = [
      ...new Set(points.filter((point) => eans.includes(point.ean)).map((point) => point.sharingGroupId)),
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
