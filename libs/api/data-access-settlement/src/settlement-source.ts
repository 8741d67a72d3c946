import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  DataCompleteness,
  EdcDaysStore,
  isValidOn,
  PairReadingsStore,
  RegistryReader,
  ReadingsStore,
  runPoints,
  SERIES,
  SharingRunsStore,
  type RegisteredKeyVersion,
  type RegisteredPoint,
} from '@sdilna/api/data-access-readings';
import { daysInRange, pragueDay } from '@sdilna/shared/domain-core';
import {
  pairsFromConsumerSharing,
  SettlementError,
  type DatedPrice,
  type MemberKind,
  type SettlementMember,
  type SharingSeries,
} from '@sdilna/shared/domain-settlement';
import { VatStatusStore } from '@sdilna/api/data-access-registry';
import { vatStatusOn, type SettlementWarning, type VatStatusPeriod } from '@sdilna/shared/domain-settlement';

import { dataGapWarnings, type PointDataGaps } from './data-gaps';
import { edcPairsOfPeriod, mergePairs, pairSourceNotes, type EdcPairDay } from './edc-pairs';
import { pairsOfSeveralProducers, type EngineDay, type EnginePair } from './several-producers';
import type { NotRecomputedDetails } from './sharing-recompute';

/** A member as the documents show it. */
export interface MemberParty {
  readonly id: string;
  readonly name: string;
  readonly kind: MemberKind;
  readonly parentMemberId: string | null;
  /** the member's dated VAT statuses with their DIČ, by `validFrom` */
  readonly vatStatuses: readonly VatStatusPeriod[];
  readonly ico: string | null;
  readonly email: string | null;
  readonly address: string | null;
  /** the day the producer agreed to self-billing (§ 28 odst. 3 ZDPH), when recorded */
  readonly selfBillingAgreedOn: string | null;
}

export interface SettlementSourceData {
  readonly members: SettlementMember[];
  readonly parties: Map<string, MemberParty>;
  readonly sharing: SharingSeries;
  readonly warnings: SettlementWarning[];
}

/** metering_point_prices hold hundredths of a haléř per kWh; the settlement library prices in haléře per MWh. */
const CENTI_HALERE_PER_KWH_TO_HALERE_PER_MWH = 10;

/**
 * What a settlement of one period needs from the registry and the stored readings: members with their points and
 * prices, and the shared energy per producer→consumer pair. Shared energy is EDC's own (series "edc shared"):
 * the final monthly data are what members are billed for. A consumer with one producer got all of it from that
 * producer; a consumer with several producers takes EDC's own split from the imported pair report on the days it
 * covers, and elsewhere has EDC's figure split among them by `pairsOfSeveralProducers` (the allocation engine's
 * pair results over the stored measured values, stored by the recompute: see several-producers.ts); the run's notes
 * say which, per consumer and days. Settlement never runs the engine itself.
 */
export class SettlementSource {
  constructor(private readonly tx: TenantTransaction) {}

  async load(from: string, to: string): Promise<SettlementSourceData> {
    const warnings: SettlementWarning[] = [];
    const parties = await this.parties();
    const points = (await this.tx.store(RegistryReader).points()).filter(
      (point) => point.validFrom <= to && (point.validTo === null || point.validTo >= from),
    );
    const prices = await this.prices(from, to);
    // a member's VAT status on the period's last day, the DUZP of its documents
    const members = this.members(parties, points, prices, to);

    const days = daysInRange(from, to);
    const startUtcMs = pragueDay(from).startUtcMs;
    const dayOffsets: number[] = [];
    let intervalCount = 0;
    for (const day of days) {
      dayOffsets.push(intervalCount);
      intervalCount += pragueDay(day).intervalCount;
    }
    const consumers = points.filter((point) => point.role === 'consumption');
    const rows = await this.tx.store(ReadingsStore).load({
      from,
      to,
      series: [SERIES.edcShared],
      pointIds: consumers.map((point) => point.id),
    });
    const sharedOf = new Map<string, Int32Array>();
    const dayIndex = new Map(days.map((day, index) => [day, index]));
    const pointById = new Map(points.map((point) => [point.id, point]));
    for (const row of rows) {
      const point = pointById.get(row.pointId);
      const index = dayIndex.get(row.day);
      if (!point || index === undefined) continue;
      let series = sharedOf.get(point.ean);
      if (!series) {
        series = new Int32Array(intervalCount);
        sharedOf.set(point.ean, series);
      }
      const offset = dayOffsets[index] as number;
      // an interval EDC has not evaluated shares nothing here; dataGaps names its day as preliminary
      for (let i = 0; i < row.data.values.length; i++)
        if (row.data.present[i] === 1) series[offset + i] = row.data.values[i] as number;
    }
    warnings.push(...dataGapWarnings(await this.dataGaps(points, from, to)));

    const keys = await this.tx.store(RegistryReader).keyVersions(from, to);
    const producersOf = this.producersOf(keys, points);
    // consumers without any EDC sharing need no split (pairsFromConsumerSharing skips them)
    const several = new Map(
      [...sharedOf].filter(
        ([ean, shared]) => producersOf(ean).length > 1 && shared.some((value) => value !== 0),
      ),
    );
    const single = pairsFromConsumerSharing({
      startUtcMs,
      intervalCount,
      consumers: [...sharedOf].filter(([ean]) => !several.has(ean)).map(([ean, shared]) => ({ ean, shared })),
      producersOf,
    });
    let pairs = single.pairs;
    if (several.size > 0) {
      // EDC's pair report where it was imported; the engine's split of EDC's per-EAN figure elsewhere.
      const dayOffset = new Map(days.map((day, index) => [day, dayOffsets[index] as number]));
      const edc = edcPairsOfPeriod({
        intervalCount,
        dayOffset,
        billed: several,
        rows: await this.edcPairRows(from, to, points, [...several.keys()]),
      });
      const rest = new Map<string, Int32Array>();
      for (const [ean, shared] of several) {
        const left = Int32Array.from(shared);
        for (const day of edc.covered.get(ean) ?? []) {
          const index = dayIndex.get(day) as number;
          left.fill(
            0,
            dayOffsets[index] as number,
            (dayOffsets[index] as number) + pragueDay(day).intervalCount,
          );
        }
        rest.set(ean, left);
      }
      const split = pairsOfSeveralProducers({
        intervalCount,
        billed: rest,
        days: await this.engineDays({ from, to, days, dayOffsets }, points, keys, rest),
      });
      pairs = [...pairs, ...mergePairs(intervalCount, edc.pairs, split.pairs)];
      const labelOf = new Map(points.map((point) => [point.ean, point.label]));
      const groupOf = new Map(points.map((point) => [point.ean, point.sharingGroupId]));
      const dailyPairs = new Set(
        (await this.tx.store(EdcDaysStore).load('pair', undefined, from, to))
          .filter((row) => row.calculation === 'daily')
          .map((row) => `${row.sharingGroupId}|${row.day}`),
      );
      warnings.push(
        ...pairSourceNotes(
          [...rest].map(([ean, left]) => {
            const label = labelOf.get(ean) ?? null;
            return {
              name: label === null ? ean : `${ean} (${label})`,
              fromEdc: [...(edc.covered.get(ean) ?? [])],
              preliminary: [...(edc.covered.get(ean) ?? [])].filter((day) =>
                dailyPairs.has(`${groupOf.get(ean) ?? ''}|${day}`),
              ),
              byEngine: days.filter((day, index) => {
                const start = dayOffsets[index] as number;
                return left
                  .subarray(start, start + pragueDay(day).intervalCount)
                  .some((value) => value !== 0);
              }),
            };
          }),
        ),
        ...edc.warnings,
        ...split.warnings,
      );
    }
    const sharing: SharingSeries = { startUtcMs, intervalCount, pairs };
    return { members, parties, sharing, warnings };
  }

  /**
   * The engine's pair results stored by the recompute (the sharing read model) for every day of the period in
   * each sharing group that holds one of `consumerEans`, where the group has a key version valid that day. A day
   * without a key version is left out, so energy EDC shared on it cannot be attributed to a producer. A day whose
   * stored run is missing or ran with another key version, rounds or points than valid now (the recompute after
   * an import or key change has not run yet) cannot be split either: INVALID_SHARING names it where EDC shared
   * energy with such a consumer that day.
   */
  private async engineDays(
    period: { from: string; to: string; days: readonly string[]; dayOffsets: readonly number[] },
    points: readonly RegisteredPoint[],
    keys: readonly RegisteredKeyVersion[],
    billed: ReadonlyMap<string, Int32Array>,
  ): Promise<EngineDay[]> {
    const groups = [
      ...new Set(
        points
          .filter((point) => point.role === 'consumption' && billed.has(point.ean))
          .map((point) => point.sharingGroupId),
      ),
    ].sort();
    const groupPoints = points.filter((point) => groups.includes(point.sharingGroupId));
    const eanOf = new Map(groupPoints.map((point) => [point.id, point.ean]));
    const runs = new Map(
      (await this.tx.store(SharingRunsStore).runs(period.from, period.to, groups)).map((run) => [
        `${run.sharingGroupId}|${run.day}`,
        run,
      ]),
    );
    const pairsOfRun = new Map<string, Map<string, EnginePair[]>>();
    const consumerIds = groupPoints
      .filter((point) => point.role === 'consumption' && billed.has(point.ean))
      .map((point) => point.id);
    for (const row of await this.tx.store(SharingRunsStore).pairs(period.from, period.to, consumerIds)) {
      const producerEan = eanOf.get(row.producerPointId);
      const consumerEan = eanOf.get(row.consumerPointId);
      if (producerEan === undefined || consumerEan === undefined) continue;
      const id = `${row.sharingGroupId}|${row.day}`;
      let consumers = pairsOfRun.get(id);
      if (consumers === undefined) pairsOfRun.set(id, (consumers = new Map()));
      consumers.set(consumerEan, [
        ...(consumers.get(consumerEan) ?? []),
        { producerEan, basisPoints: row.basisPoints, shared: row.data.values },
      ]);
    }
    for (const consumers of pairsOfRun.values())
      for (const pairs of consumers.values())
        pairs.sort((a, b) => (a.producerEan < b.producerEan ? -1 : a.producerEan > b.producerEan ? 1 : 0));
    const groupRounds = await this.tx.store(RegistryReader).groupRounds();
    const engineDays: EngineDay[] = [];
    for (const group of groups) {
      period.days.forEach((day, index) => {
        const version = keys.find((key) => key.sharingGroupId === group && isValidOn(key, day));
        if (version === undefined) return;
        const valid = groupPoints
          .filter((point) => point.sharingGroupId === group && isValidOn(point, day))
          .sort((a, b) => (a.ean < b.ean ? -1 : a.ean > b.ean ? 1 : 0));
        const producers = valid.filter((point) => point.role === 'production');
        const consumers = valid.filter((point) => point.role === 'consumption');
        const rounds = groupRounds.on(group, day, producers.length, consumers.length);
        const offset = period.dayOffsets[index] as number;
        const intervalCount = pragueDay(day).intervalCount;
        const run = runs.get(`${group}|${day}`);
        if (
          run === undefined ||
          run.keyVersionId !== version.id ||
          run.rounds !== rounds ||
          run.points !== runPoints(producers, consumers)
        ) {
          const waiting = consumers.find((point) =>
            billed
              .get(point.ean)
              ?.subarray(offset, offset + intervalCount)
              .some((value) => value !== 0),
          );
          if (waiting !== undefined) {
            throw new SettlementError(
              'INVALID_SHARING',
              `the sharing of ${day} has not been recomputed since its data or allocation key changed, so EDC's ` +
                `figure of consumer ${waiting.ean} cannot be split among its producers; wait for the recompute`,
              { notRecomputed: day } satisfies NotRecomputedDetails,
            );
          }
          return;
        }
        engineDays.push({
          day,
          offset,
          intervalCount,
          consumers: pairsOfRun.get(`${group}|${day}`) ?? new Map(),
        });
      });
    }
    return engineDays;
  }

  /** The stored days of EDC's pair report of the given consumers, with EANs instead of point ids. */
  private async edcPairRows(
    from: string,
    to: string,
    points: readonly RegisteredPoint[],
    consumerEans: readonly string[],
  ): Promise<EdcPairDay[]> {
    const wanted = new Set(consumerEans);
    const eanOf = new Map(points.map((point) => [point.id, point.ean]));
    const rows = await this.tx.store(PairReadingsStore).load(
      from,
      to,
      points
        .filter((point) => point.role === 'consumption' && wanted.has(point.ean))
        .map((point) => point.id),
    );
    return rows.flatMap((row) => {
      const producerEan = eanOf.get(row.producerPointId);
      const consumerEan = eanOf.get(row.consumerPointId);
      if (producerEan === undefined || consumerEan === undefined) return [];
      return [{ producerEan, consumerEan, day: row.day, values: row.data.values, present: row.data.present }];
    });
  }

  /**
   * Per point (by EAN) the days of the period whose EDC data are preliminary (stored from EDC's daily calculation,
   * or with OUT not evaluated) or missing (no or fewer measured intervals than the day has, on a day the point is
   * registered): the completeness classification of data-access-readings. Days imported before calculations were
   * recorded count as final when complete.
   */
  /**
   * The points of [from, to] whose EDC data are not final, each with its missing and preliminary days (points
   * without gaps are left out): what refuses to settle an incomplete month and what picks the month to settle.
   */
  async gaps(from: string, to: string): Promise<{ points: number; gaps: PointDataGaps[] }> {
    const points = (await this.tx.store(RegistryReader).points()).filter(
      (point) => point.validFrom <= to && (point.validTo === null || point.validTo >= from),
    );
    const gaps = (await this.dataGaps(points, from, to)).filter(
      (point) => point.missing.length > 0 || point.preliminary.length > 0,
    );
    return { points: points.length, gaps };
  }

  /** The first day any metering point of the community is registered from, or null without points. */
  async earliestPointDay(): Promise<string | null> {
    const points = await this.tx.store(RegistryReader).points();
    return points.reduce<string | null>(
      (earliest, point) => (earliest === null || point.validFrom < earliest ? point.validFrom : earliest),
      null,
    );
  }

  private async dataGaps(
    points: readonly RegisteredPoint[],
    from: string,
    to: string,
  ): Promise<PointDataGaps[]> {
    const byEan = new Map<
      string,
      { ean: string; label: string | null; preliminary: string[]; missing: string[] }
    >();
    for (const { point, days } of await this.tx.store(DataCompleteness).ofPoints(points, from, to)) {
      const entry = byEan.get(point.ean) ?? {
        ean: point.ean,
        label: point.label,
        preliminary: [],
        missing: [],
      };
      byEan.set(point.ean, entry);
      for (const day of days) {
        if (day.status === 'missing' || day.status === 'partial') entry.missing.push(day.date);
        else if (day.status === 'preliminary') entry.preliminary.push(day.date);
      }
    }
    return [...byEan.values()];
  }

  /**
   * Every member with its points valid in [from, to] and its dated supplier and feed-in prices, as settlement
   * prices them: what valuing any sharing series in Kč needs (simulations, key advice), so that it uses the
   * same prices and price resolution as a settlement.
   */
  async pricedMembers(from: string, to: string): Promise<SettlementMember[]> {
    const points = (await this.tx.store(RegistryReader).points()).filter(
      (point) => point.validFrom <= to && (point.validTo === null || point.validTo >= from),
    );
    return this.members(await this.parties(), points, await this.prices(from, to), to);
  }

  /** Every member of the community with the fields documents need. */
  async parties(): Promise<Map<string, MemberParty>> {
    const rows: Array<{
      id: string;
      name: string;
      kind: MemberKind;
      parent_member_id: string | null;
      ico: string | null;
      email: string | null;
      address: string | null;
      self_billing_agreed_on: string | null;
    }> = await this.tx.query(
      `SELECT id, name, kind, parent_member_id, ico, email, address, self_billing_agreed_on::text FROM members`,
    );
    const histories = await this.tx.store(VatStatusStore).memberHistories();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          name: row.name,
          kind: row.kind,
          parentMemberId: row.parent_member_id,
          vatStatuses: histories.get(row.id) ?? [],
          ico: row.ico,
          email: row.email,
          address: row.address,
          selfBillingAgreedOn: row.self_billing_agreed_on,
        },
      ]),
    );
  }

  private members(
    parties: ReadonlyMap<string, MemberParty>,
    points: readonly RegisteredPoint[],
    prices: ReadonlyMap<string, { supplier: DatedPrice[]; feedIn: DatedPrice[] }>,
    taxPointDate: string,
  ): SettlementMember[] {
    const pointsOf = new Map<string, RegisteredPoint[]>();
    for (const point of points)
      pointsOf.set(point.memberId, [...(pointsOf.get(point.memberId) ?? []), point]);
    return [...parties.values()].map((party) => {
      const own = pointsOf.get(party.id) ?? [];
      const supplier = dedupe(
        own.filter((p) => p.role === 'consumption').flatMap((p) => prices.get(p.id)?.supplier ?? []),
      );
      const feedIn = dedupe(
        own.filter((p) => p.role === 'production').flatMap((p) => prices.get(p.id)?.feedIn ?? []),
      );
      return {
        id: party.id,
        name: party.name,
        kind: party.kind,
        ...(party.parentMemberId !== null ? { parentMemberId: party.parentMemberId } : {}),
        vatStatus: vatStatusOn(party.vatStatuses, taxPointDate).status,
        // one EAN may have two validity rows (re-registration); the member sees it once per role
        meteringPoints: [
          ...new Map(own.map((p) => [`${p.role}:${p.ean}`, { ean: p.ean, role: p.role }])).values(),
        ],
        supplierPrices: supplier,
        feedInPrices: feedIn,
      };
    });
  }

  private async prices(
    from: string,
    to: string,
  ): Promise<Map<string, { supplier: DatedPrice[]; feedIn: DatedPrice[] }>> {
    const rows: Array<{
      metering_point_id: string;
      kind: 'supplier-energy' | 'feed-in';
      price: number;
      valid_from: string;
      valid_to: string | null;
    }> = await this.tx.query(
      `SELECT metering_point_id, kind, price_centi_halere_per_kwh AS price, valid_from::text, valid_to::text
           FROM metering_point_prices
          WHERE valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $1::date)`,
      [from, to],
    );
    const byPoint = new Map<string, { supplier: DatedPrice[]; feedIn: DatedPrice[] }>();
    for (const row of rows) {
      const entry = byPoint.get(row.metering_point_id) ?? { supplier: [], feedIn: [] };
      const price: DatedPrice = {
        validFrom: row.valid_from,
        ...(row.valid_to !== null ? { validTo: row.valid_to } : {}),
        price: row.price * CENTI_HALERE_PER_KWH_TO_HALERE_PER_MWH,
      };
      (row.kind === 'supplier-energy' ? entry.supplier : entry.feedIn).push(price);
      byPoint.set(row.metering_point_id, entry);
    }
    return byPoint;
  }

  /**
   * The producers of each consumer EAN from the allocation keys valid in the period. A group without a key for a
   * consumer but with exactly one production point can only have shared from that point.
   */
  private producersOf(
    keys: readonly RegisteredKeyVersion[],
    points: readonly RegisteredPoint[],
  ): (consumerEan: string) => readonly string[] {
    const producers = new Map<string, Set<string>>();
    for (const version of keys) {
      for (const pair of version.key.allocations) {
        const set = producers.get(pair.consumer) ?? new Set<string>();
        set.add(pair.producer);
        producers.set(pair.consumer, set);
      }
    }
    const groupOf = new Map(points.map((point) => [point.ean, point.sharingGroupId]));
    const producersOfGroup = new Map<string, Set<string>>();
    for (const point of points) {
      if (point.role !== 'production') continue;
      const set = producersOfGroup.get(point.sharingGroupId) ?? new Set<string>();
      set.add(point.ean);
      producersOfGroup.set(point.sharingGroupId, set);
    }
    return (consumerEan) => {
      const fromKey = producers.get(consumerEan);
      if (fromKey && fromKey.size > 0) return [...fromKey];
      const group = groupOf.get(consumerEan);
      return group === undefined ? [] : [...(producersOfGroup.get(group) ?? [])];
    };
  }
}

function dedupe(prices: readonly DatedPrice[]): DatedPrice[] {
  // Two consumption points of one member with the same supplier contract carry the same price rows; keep the
  // first of any overlapping rows so the member's price is defined on every day.
  const kept: DatedPrice[] = [];
  for (const price of prices) {
    const overlaps = kept.some(
      (other) =>
        other.validFrom <= (price.validTo ?? '9999-12-31') &&
        price.validFrom <= (other.validTo ?? '9999-12-31'),
    );
    if (!overlaps) kept.push(price);
  }
  return kept;
}
