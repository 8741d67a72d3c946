import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@sdilna/api/data-access-db';
import { RegistryReader, type RegisteredPoint } from '@sdilna/api/data-access-readings';
import {
  allocate,
  compileKey,
  keyToFile,
  type AllocationInput,
  type AllocationKey,
} from '@sdilna/shared/domain-allocation';
import { addDays, kwhToJsonNumber, pragueDateOf, rulesFor } from '@sdilna/shared/domain-core';
import {
  adviceKey,
  adviseKey,
  concatInputs,
  defaultPairs,
  edcRegistrationCsv,
  KeyAdviceError,
  pairBounds,
  walkForward,
  type AdvicePair,
  type AdviceSegment,
  type KeyAdviceProblem,
} from '@sdilna/shared/domain-key-advice';
import type { Halere } from '@sdilna/shared/domain-settlement';
import {
  moneyText,
  type KeyAdviceMoney,
  type KeyAdviceRequest,
  type KeyAdviceResult,
} from '@sdilna/shared/util-api-contract';

import type { GroupDay } from '../group-day';
import { lastDayOfMonth } from '../completeness.service';
import { nextMonthStart } from '../missed-sharing/missed-sharing.service';
import { forEachRegisteredDay } from '../registered-days';
import { PairSeries, SharingValuer, type SharingMoney } from '../sharing-value';

/** A refusal the job reports as its error (`code`, `message`): constraints no key meets, no data, no pairs. */
export class KeyAdviceJobError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KeyAdviceJobError';
  }
}

interface AdviceDay {
  readonly month: number;
  readonly fold: number;
  readonly rounds: number;
  readonly layout: GroupDay;
}

interface Loaded {
  readonly sharingGroupId: string;
  readonly points: readonly RegisteredPoint[];
  readonly current: AllocationKey | undefined;
  readonly method: 'static' | 'static-iterative';
  readonly maxProducersPerConsumer: number;
  readonly days: readonly AdviceDay[];
  readonly validFrom: string;
}

/** Yields to the event loop between the search's phases, so the worker renews its job locks and reports progress. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The product's key advice (issue 22, docs/keys.md "In the portal"): the same search as `sdilna optimise`
 * (libs/shared/domain-key-advice) on the stored measured values of the months an administrator picked, with
 * EDC's rounds for the group each day; a walk-forward backtest over those months; and each member's shared kWh
 * and Kč with the current key and the proposal, run by the engine and valued by settlement's own pricing.
 */
@Injectable()
export class KeyAdviceRunner {
  constructor(private readonly db: TenantDatabase) {}

  async run(
    communityId: string,
    request: KeyAdviceRequest,
    progress: (percent: number) => Promise<void>,
  ): Promise<KeyAdviceResult> {
    const months = [...request.months].sort();
    const loaded = await this.db.run(communityId, (tx) => this.load(tx, request, months));
    await progress(10);
    const problem = problemOf(loaded, months.length, pairsOf(loaded));
    const current = loaded.current !== undefined ? basisPointsOf(problem, loaded.current) : undefined;
    const constraints = {
      minBasisPoints: request.minPercent !== undefined ? Math.round(request.minPercent * 100) : undefined,
      maxChangeBasisPoints: request.maxChange !== undefined ? Math.round(request.maxChange * 100) : undefined,
      current,
    };
    try {
      pairBounds(problem, constraints);
    } catch (error) {
      if (error instanceof KeyAdviceError)
        throw new KeyAdviceJobError('KEY_ADVICE_CONSTRAINTS', error.message);
      throw error;
    }
    await breathe();
    const advice = adviseKey(problem, constraints);
    const proposal = adviceKey(problem, advice.basisPoints, request.rounds);
    await progress(50);

    const backtest: KeyAdviceResult['backtest'][number][] = [];
    const periods = months.map((_, m) => monthProblem(problem, m));
    for (let k = 1; k < months.length; k++) {
      await breathe();
      const [step] = walkForward(periods.slice(0, k + 1), { ...constraints, minFitted: k });
      if (step === undefined) continue;
      backtest.push({
        fitted: months.slice(0, k),
        judged: months[k] as string,
        currentSharedKwh: step.current !== undefined ? kwhToJsonNumber(step.current) : null,
        proposalSharedKwh: kwhToJsonNumber(step.proposal),
        plainSharedKwh: kwhToJsonNumber(step.plain),
      });
      await progress(50 + Math.round((40 * k) / Math.max(1, months.length - 1)));
    }
    await breathe();
    const compared = await this.compare(communityId, loaded, months, proposal);
    await progress(100);
    return {
      sharingGroupId: loaded.sharingGroupId,
      key: keyToFile(proposal),
      edcRegistrationCsv: edcRegistrationCsv(proposal),
      current: loaded.current !== undefined ? keyToFile(loaded.current) : null,
      validFrom: loaded.validFrom,
      registrable: request.rounds === undefined,
      startKept: advice.startKept,
      backtest,
      ...compared,
    };
  }

  private async load(
    tx: Parameters<Parameters<TenantDatabase['run']>[1]>[0],
    request: KeyAdviceRequest,
    months: readonly string[],
  ): Promise<Loaded> {
    const reader = tx.store(RegistryReader);
    const all = await reader.points();
    const groups = [...new Set(all.map((point) => point.sharingGroupId))];
    const sharingGroupId = request.sharingGroupId ?? (groups.length === 1 ? groups[0] : undefined);
    if (sharingGroupId === undefined)
      throw new KeyAdviceJobError(
        'KEY_ADVICE_GROUP_REQUIRED',
        `the community has ${groups.length} sharing groups with points; name one (sharingGroupId)`,
      );
    const from = `${months[0]}-01`;
    const to = lastDayOfMonth(months[months.length - 1] as string);
    const points = all.filter(
      (point) =>
        point.sharingGroupId === sharingGroupId &&
        point.validFrom <= to &&
        (point.validTo === null || point.validTo >= from),
    );
    const validFrom = nextMonthStart(pragueMonthOf(new Date()));
    const groupRounds = await reader.groupRounds();
    const versions = (await reader.keyVersions(from, addDays(validFrom, -1))).filter(
      (version) => version.sharingGroupId === sharingGroupId,
    );
    const newest = [...versions].sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
    const [community]: Array<{ type: Parameters<typeof rulesFor>[0] }> = await tx.query(
      `SELECT type FROM communities`,
    );
    const days: AdviceDay[] = [];
    for (const [m, month] of months.entries()) {
      let index = 0;
      await forEachRegisteredDay(
        tx,
        sharingGroupId,
        points,
        `${month}-01`,
        lastDayOfMonth(month),
        ({ layout, rounds }) => {
          days.push({ month: m, fold: index++ % 2, rounds: request.rounds ?? rounds, layout });
        },
      );
      if (index === 0)
        throw new KeyAdviceJobError('KEY_ADVICE_NO_DATA', `no measured values are stored for ${month}`);
    }
    return {
      sharingGroupId,
      points,
      current: newest?.key,
      method: groupRounds.iterationRequested(sharingGroupId, validFrom) ? 'static-iterative' : 'static',
      maxProducersPerConsumer: rulesFor(community?.type ?? 'energy-community', validFrom)
        .maxProducersPerConsumer,
      days,
      validFrom,
    };
  }

  /**
   * Each fitted month run by the engine with the current key and with the proposal, day by day with each day's
   * rounds; shared kWh per member and, at the community's prices, Kč (settlement's pricing of the pair series).
   */
  private async compare(
    communityId: string,
    loaded: Loaded,
    months: readonly string[],
    proposal: AllocationKey,
  ): Promise<
    Omit<
      KeyAdviceResult,
      | 'sharingGroupId'
      | 'key'
      | 'edcRegistrationCsv'
      | 'current'
      | 'validFrom'
      | 'registrable'
      | 'startKept'
      | 'backtest'
    >
  > {
    const keys = { current: loaded.current ?? { method: proposal.method, allocations: [] }, proposal };
    const memberOf = new Map(loaded.points.map((point) => [point.id, point.memberId]));
    const perMember = new Map<string, { current: number; proposal: number }>();
    const monthRows: KeyAdviceResult['months'][number][] = [];
    const money: Record<'current' | 'proposal', SharingMoney[]> = { current: [], proposal: [] };
    for (const [m, month] of months.entries()) {
      const from = `${month}-01`;
      const to = lastDayOfMonth(month);
      const series = { current: new PairSeries(from, to), proposal: new PairSeries(from, to) };
      const shared = { current: 0, proposal: 0 };
      for (const day of loaded.days) {
        if (day.month !== m) continue;
        for (const which of ['current', 'proposal'] as const) {
          const compiled = compileKey(keys[which], day.rounds, {
            producers: day.layout.producers.map((point) => point.ean),
            consumers: day.layout.consumers.map((point) => point.ean),
          });
          const result = allocate(compiled, day.layout.input, { pairs: true });
          series[which].addDay(day.layout.day, compiled, result);
          const count = day.layout.intervalCount;
          day.layout.consumers.forEach((point, o) => {
            let sum = 0;
            for (let i = o * count; i < o * count + count; i++) sum += result.consumerShared[i] as number;
            shared[which] += sum;
            const memberId = memberOf.get(point.id) as string;
            const entry = perMember.get(memberId) ?? { current: 0, proposal: 0 };
            entry[which] += sum;
            perMember.set(memberId, entry);
          });
        }
      }
      monthRows.push({
        month,
        currentSharedKwh: kwhToJsonNumber(shared.current),
        proposalSharedKwh: kwhToJsonNumber(shared.proposal),
      });
      await this.db.run(communityId, async (tx) => {
        const valuer = await SharingValuer.load(tx, from, to);
        money.current.push(valuer.value(series.current.list()));
        money.proposal.push(valuer.value(series.proposal.list()));
      });
      await breathe();
    }
    const names = await this.db.run(communityId, async (tx) => {
      const rows: Array<{ id: string; name: string }> = await tx.query(`SELECT id, name FROM members`);
      return new Map(rows.map((row) => [row.id, row.name]));
    });
    const unknown = [...money.current, ...money.proposal].find((entry) => !entry.known);
    const total = (list: SharingMoney[], memberId?: string): { value?: Halere; saving?: Halere } => {
      let value = 0;
      let saving: number | undefined = 0;
      for (const entry of list) {
        if (!entry.known) return {};
        if (memberId === undefined) value += entry.value;
        else {
          const member = entry.members.get(memberId);
          value += member?.value ?? 0;
          saving =
            saving === undefined || (member !== undefined && member.saving === undefined)
              ? undefined
              : saving + (member?.saving ?? 0);
        }
      }
      return memberId === undefined ? { value } : { value, ...(saving !== undefined ? { saving } : {}) };
    };
    const asMoney = (sums: { value?: Halere; saving?: Halere }): KeyAdviceMoney => ({
      valueCzk: sums.value !== undefined ? moneyText(sums.value) : null,
      savingCzk: sums.saving !== undefined ? moneyText(sums.saving) : null,
    });
    const difference = (a: Halere | undefined, b: Halere | undefined) =>
      a !== undefined && b !== undefined ? moneyText(b - a) : null;
    const members = [...perMember].map(([memberId, kwh]) => {
      const current = total(money.current, memberId);
      const proposed = total(money.proposal, memberId);
      return {
        memberId,
        name: names.get(memberId) ?? '',
        currentSharedKwh: kwhToJsonNumber(kwh.current),
        proposalSharedKwh: kwhToJsonNumber(kwh.proposal),
        changeKwh: kwhToJsonNumber(kwh.proposal - kwh.current),
        current: asMoney(current),
        proposal: asMoney(proposed),
        changeCzk: difference(current.value, proposed.value),
        savingChangeCzk: difference(current.saving, proposed.saving),
        order: kwh.proposal - kwh.current,
      };
    });
    members.sort((a, b) => b.order - a.order || (a.name < b.name ? -1 : 1));
    const sum = (field: 'currentSharedKwh' | 'proposalSharedKwh') =>
      kwhToJsonNumber(monthRows.reduce((total, row) => total + Math.round(row[field] * 100), 0));
    return {
      months: monthRows,
      totals: {
        currentSharedKwh: sum('currentSharedKwh'),
        proposalSharedKwh: sum('proposalSharedKwh'),
        current: { valueCzk: asMoney(total(money.current)).valueCzk, savingCzk: null },
        proposal: { valueCzk: asMoney(total(money.proposal)).valueCzk, savingCzk: null },
      },
      moneyUnknown:
        unknown !== undefined && !unknown.known ? { code: unknown.code, message: unknown.message } : null,
      members: members.map(({ order: _order, ...member }) => member),
    };
  }
}

/** The pairs the search chooses percentages for: the current key's, or every consumer with every producer. */
function pairsOf(loaded: Loaded): AdvicePair[] {
  const producers = eansOf(loaded.points, 'production');
  const consumers = eansOf(loaded.points, 'consumption');
  if (loaded.current !== undefined && loaded.current.allocations.length > 0) {
    const p = new Set(producers);
    const c = new Set(consumers);
    return loaded.current.allocations
      .filter((a) => p.has(a.producer) && c.has(a.consumer))
      .map((a) => ({ producer: a.producer, consumer: a.consumer, priority: a.priority }));
  }
  try {
    return defaultPairs(producers, consumers, loaded.maxProducersPerConsumer);
  } catch (error) {
    if (error instanceof KeyAdviceError) throw new KeyAdviceJobError('KEY_ADVICE_NO_PAIRS', error.message);
    throw error;
  }
}

function eansOf(points: readonly RegisteredPoint[], role: 'production' | 'consumption'): string[] {
  return [...new Set(points.filter((point) => point.role === role).map((point) => point.ean))].sort();
}

/** The loaded days as the search's problem: union columns of the group's points, segments per month, fold, rounds. */
function problemOf(loaded: Loaded, monthCount: number, pairs: AdvicePair[]): KeyAdviceProblem {
  const producers = eansOf(loaded.points, 'production');
  const consumers = eansOf(loaded.points, 'consumption');
  if (pairs.length === 0)
    throw new KeyAdviceJobError(
      'KEY_ADVICE_NO_PAIRS',
      'no pair of the current key names a production and a consumption point of the group',
    );
  const producerIndex = new Map(producers.map((ean, d) => [ean, d]));
  const consumerIndex = new Map(consumers.map((ean, o) => [ean, o]));
  const blocks = new Map<string, { segment: Omit<AdviceSegment, 'input'>; inputs: AllocationInput[] }>();
  for (const day of loaded.days) {
    const { layout } = day;
    const count = layout.intervalCount;
    const production = new Int32Array(producers.length * count);
    const demand = new Int32Array(consumers.length * count);
    layout.producers.forEach((point, d) => {
      const column = producerIndex.get(point.ean) as number;
      production.set(layout.input.production.subarray(d * count, d * count + count), column * count);
    });
    layout.consumers.forEach((point, o) => {
      const column = consumerIndex.get(point.ean) as number;
      demand.set(layout.input.demand.subarray(o * count, o * count + count), column * count);
    });
    const id = `${day.month}:${day.fold}:${day.rounds}`;
    let block = blocks.get(id);
    if (block === undefined)
      blocks.set(
        id,
        (block = { segment: { month: day.month, fold: day.fold, rounds: day.rounds }, inputs: [] }),
      );
    block.inputs.push({ intervalCount: count, production, demand });
  }
  const segments = [...blocks.values()]
    .sort((a, b) => a.segment.month - b.segment.month || a.segment.fold - b.segment.fold)
    .map(({ segment, inputs }) => ({
      ...segment,
      input: concatInputs(inputs, producers.length, consumers.length),
    }));
  if (segments.length === 0 || new Set(segments.map((s) => s.month)).size < monthCount)
    throw new KeyAdviceJobError('KEY_ADVICE_NO_DATA', 'a picked month has no measured values');
  return { producers, consumers, pairs, method: loaded.method, segments };
}

/** One month of the problem as a problem of its own (month 0), for the walk-forward. */
function monthProblem(problem: KeyAdviceProblem, month: number): KeyAdviceProblem {
  return {
    ...problem,
    segments: problem.segments.filter((s) => s.month === month).map((s) => ({ ...s, month: 0 })),
  };
}

function basisPointsOf(problem: KeyAdviceProblem, key: AllocationKey): Int32Array {
  const of = new Map(key.allocations.map((a) => [`${a.producer}-${a.consumer}`, a.basisPoints]));
  return Int32Array.from(problem.pairs, (pair) => of.get(`${pair.producer}-${pair.consumer}`) ?? 0);
}

/** The Prague calendar month of an instant, `YYYY-MM`. */
export function pragueMonthOf(instant: Date): string {
  return pragueDateOf(instant.getTime()).slice(0, 7);
}
