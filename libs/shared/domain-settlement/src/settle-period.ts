import { daysInRange, INTERVAL_MS, pragueDay, type LocalDate } from '@sdilna/shared/domain-core';
import { type SettlementWarning, settlementWarning } from './settlement-warning';

import { datedPriceAt } from './dated-price';
import type { Halere } from './money';
import { amountForEnergy, roundExactEnergyValue, type PricePerMwh } from './price';
import { PriceResolver, type PriceQuote, type PriceSlot } from './price-list';
import type { SettlementInput, SettlementMember } from './settlement-input';
import { SettlementError } from './settlement-error';
import {
  COMMUNITY_PARTY_ID,
  type AmountTotals,
  type MemberSettlement,
  type SettlementChannel,
  type SettlementLine,
  type SettlementResult,
} from './settlement-result';
import { vatForLine } from './vat';
import { chargesVat, deductsInputVat, type VatStatus } from './vat-status';
import { formatCzkJson } from './money';

interface LineDraft {
  readonly channel: SettlementChannel;
  readonly sellerId: string;
  readonly buyerId: string;
  readonly issuerId: string;
  readonly consumerMemberId?: string;
  readonly producerMemberId?: string;
  readonly quote: PriceQuote;
  readonly unitPrice: PricePerMwh;
  readonly sellerVatPayer: boolean;
  energy: number;
  readonly meteringPoints: Set<string>;
}

interface MemberAccumulator {
  readonly member: SettlementMember;
  received: number;
  supplied: number;
  own: number;
  saving: bigint;
  savingKnown: boolean;
  gain: bigint;
  gainKnown: boolean;
}

/**
 * Prices the shared energy of one period and returns the lines of every document plus per-member summaries.
 *
 * Speed comes from aggregating before pricing: each interval is mapped once to a (day, price list, band) bucket,
 * each pair's energy is summed per bucket with plain additions, and only the few non-empty buckets are priced.
 * Amounts are rounded once per line (after all of a line's energy is summed), VAT once per line.
 */
export function settlePeriod(input: SettlementInput): SettlementResult {
  const { period, sharing } = input;
  const days = daysInRange(period.from, period.to);
  const startUtcMs = pragueDay(period.from).startUtcMs;
  const endUtcMs = pragueDay(period.to).endUtcMs;
  if (sharing.startUtcMs !== startUtcMs || sharing.intervalCount !== (endUtcMs - startUtcMs) / INTERVAL_MS) {
    throw new SettlementError(
      'INVALID_SHARING',
      `sharing must cover ${period.from}..${period.to}: ${(endUtcMs - startUtcMs) / INTERVAL_MS} intervals from ${new Date(startUtcMs).toISOString()}`,
    );
  }
  if (input.mode === 'direct' && input.priceLists.some((list) => (list.communityMarginPerMwh ?? 0) !== 0)) {
    throw new SettlementError('INVALID_PRICE_LIST', 'a community margin needs community-clearing mode');
  }

  const members = indexMembers(input.members);
  const resolver = new PriceResolver(input.priceLists);
  const slotsPerList = resolver.slotsPerList;
  const slotsPerDay = resolver.listCount * slotsPerList;
  const bucketOf = mapIntervalsToBuckets(days, sharing.intervalCount, startUtcMs, resolver, slotsPerList);
  const energyPerBucket = new Float64Array(days.length * slotsPerDay);

  const lines = new Map<string, LineDraft>();
  const accumulators = new Map<string, MemberAccumulator>();
  const accumulatorOf = (member: SettlementMember): MemberAccumulator => {
    let acc = accumulators.get(member.id);
    if (!acc) {
      acc = {
        member,
        received: 0,
        supplied: 0,
        own: 0,
        saving: 0n,
        savingKnown: true,
        gain: 0n,
        gainKnown: true,
      };
      accumulators.set(member.id, acc);
    }
    return acc;
  };
  const supplierPrices = new DailyPrices(days, (m) => m.supplierPrices);
  const feedInPrices = new DailyPrices(days, (m) => m.feedInPrices);
  const missingPrices = new MissingPrices(days);
  let sharedEnergy = 0;

  for (const pair of sharing.pairs) {
    const producer = members.memberOf(pair.producerEan, 'production');
    const consumer = members.memberOf(pair.consumerEan, 'consumption');
    const shared = pair.shared;
    if (shared.length !== sharing.intervalCount) {
      throw new SettlementError(
        'INVALID_SHARING',
        `pair ${pair.producerEan}>${pair.consumerEan} has ${shared.length} intervals, expected ${sharing.intervalCount}`,
      );
    }

    energyPerBucket.fill(0);
    for (let i = 0; i < shared.length; i++) {
      const value = shared[i] as number;
      if (value === 0) continue;
      if (!(value > 0) || !Number.isInteger(value)) {
        throw new SettlementError(
          'INVALID_SHARING',
          `pair ${pair.producerEan}>${pair.consumerEan}, interval ${i}: ${value} is not a non-negative integer of 0.01 kWh`,
        );
      }
      const bucket = bucketOf[i] as number;
      if (bucket < 0) {
        throw new SettlementError(
          'NO_PRICE_LIST',
          `no community price list is valid at ${new Date(startUtcMs + i * INTERVAL_MS).toISOString()}`,
        );
      }
      energyPerBucket[bucket] = (energyPerBucket[bucket] as number) + value;
    }

    const consumerAcc = accumulatorOf(consumer);
    const producerAcc = accumulatorOf(producer);
    for (let slotIndex = 0; slotIndex < slotsPerDay; slotIndex++) {
      let slotEnergy = 0;
      for (let day = 0; day < days.length; day++)
        slotEnergy += energyPerBucket[day * slotsPerDay + slotIndex] as number;
      if (slotEnergy === 0) continue;
      sharedEnergy += slotEnergy;

      const slot: PriceSlot = {
        listIndex: Math.floor(slotIndex / slotsPerList),
        bandIndex: slotIndex % slotsPerList,
      };
      const quote = resolver.quote(slot, pair);
      const route = routeOf(input, members, producer, consumer, quote);
      for (const leg of route.legs) {
        addToLine(lines, leg, quote, slotEnergy, pair.producerEan, pair.consumerEan);
      }
      if (producer.id === consumer.id) consumerAcc.own += slotEnergy;
      else {
        consumerAcc.received += slotEnergy;
        producerAcc.supplied += slotEnergy;
      }

      // Savings use each day's supplier and feed-in price, so they are summed exactly per day and rounded once.
      for (let day = 0; day < days.length; day++) {
        const energy = energyPerBucket[day * slotsPerDay + slotIndex] as number;
        if (energy === 0) continue;
        const supplier = supplierPrices.at(consumer, day);
        if (supplier === undefined) {
          consumerAcc.savingKnown = false;
          missingPrices.add(consumer, 'supplier', day);
        } else consumerAcc.saving += BigInt(energy) * BigInt(supplier - route.consumerPays);
        const feedIn = feedInPrices.at(producer, day);
        if (feedIn === undefined) {
          producerAcc.gainKnown = false;
          missingPrices.add(producer, 'feed-in', day);
        } else producerAcc.gain += BigInt(energy) * BigInt(route.producerGets - feedIn);
      }
    }
  }

  const pricedLines = [...lines.entries()]
    .map(([id, draft]) => priceLine(id, draft))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const bought = groupBy(pricedLines, (line) => line.buyerId);
  const sold = groupBy(pricedLines, (line) => line.sellerId);
  const memberSummaries = input.members.map((member) =>
    summariseMember(
      member,
      accumulators.get(member.id),
      bought.get(member.id) ?? [],
      sold.get(member.id) ?? [],
    ),
  );

  let consumersPayNet = 0;
  let producersReceiveNet = 0;
  for (const line of pricedLines) {
    if (line.consumerMemberId !== undefined) consumersPayNet += line.net;
    if (line.producerMemberId !== undefined) producersReceiveNet += line.net;
  }
  const communityVat = communityVatTotals(pricedLines, input.community.vatStatus);
  const communityMarginNet = consumersPayNet - producersReceiveNet;
  const warnings = missingPrices.warnings();
  if (communityVat.communityNonDeductibleVat !== 0) {
    const amount = formatCzkJson(communityVat.communityNonDeductibleVat);
    warnings.push(
      settlementWarning(
        'INPUT_VAT_COST',
        { amount, status: input.community.vatStatus },
        `the community is not a VAT payer: ${amount} CZK of VAT charged by producers is not deductible and is its cost`,
      ),
    );
  }
  return {
    period,
    mode: input.mode,
    lines: pricedLines,
    members: memberSummaries,
    totals: {
      sharedEnergy,
      consumersPayNet,
      producersReceiveNet,
      communityMarginNet,
      ...communityVat,
      communityResultNet: communityMarginNet - communityVat.communityNonDeductibleVat,
    },
    warnings,
  };
}

/**
 * The community's VAT of a run's lines: output VAT of what it sells, input VAT of what it buys, and the input VAT it
 * bears as a cost when its status on the DUZP does not let it deduct (also for stored runs, from their lines).
 */
export function communityVatTotals(
  lines: readonly Pick<SettlementLine, 'sellerId' | 'buyerId' | 'vat'>[],
  communityStatus: VatStatus,
): { communityOutputVat: Halere; communityInputVat: Halere; communityNonDeductibleVat: Halere } {
  let output = 0;
  let input = 0;
  for (const line of lines) {
    if (line.sellerId === COMMUNITY_PARTY_ID) output += line.vat;
    if (line.buyerId === COMMUNITY_PARTY_ID) input += line.vat;
  }
  return {
    communityOutputVat: output,
    communityInputVat: input,
    communityNonDeductibleVat: deductsInputVat(communityStatus) ? 0 : input,
  };
}

type MissingPriceKind = 'supplier' | 'feed-in';

/**
 * Days on which a member shared energy but has no supplier (or feed-in) price, reported once per member and price
 * as day ranges: a month without a price is one line, not thirty.
 */
class MissingPrices {
  private readonly byMember = new Map<
    string,
    { member: SettlementMember; kind: MissingPriceKind; days: Set<number> }
  >();

  constructor(private readonly days: readonly string[]) {}

  add(member: SettlementMember, kind: MissingPriceKind, day: number): void {
    const key = `${kind}|${member.id}`;
    let entry = this.byMember.get(key);
    if (entry === undefined) {
      entry = { member, kind, days: new Set() };
      this.byMember.set(key, entry);
    }
    entry.days.add(day);
  }

  warnings(): SettlementWarning[] {
    return [...this.byMember.values()].map(({ member, kind, days }) => {
      const consequence = kind === 'supplier' ? 'savings are not computed' : 'gain is not computed';
      const ranges = this.ranges(days);
      return settlementWarning(
        'PRICE_MISSING',
        { member: member.name, memberId: member.id, price: kind, days: ranges },
        `${member.name} has no ${kind} price on ${ranges}: ${consequence}`,
      );
    });
  }

  /** `2026-04-01 – 2026-04-12, 2026-04-20` for the given day indexes. */
  private ranges(days: ReadonlySet<number>): string {
    const sorted = [...days].sort((a, b) => a - b);
    const parts: string[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
      const first = this.days[sorted[i] as number] as string;
      const last = this.days[sorted[j] as number] as string;
      parts.push(first === last ? first : `${first} – ${last}`);
      i = j + 1;
    }
    return parts.join(', ');
  }
}

interface Leg {
  readonly channel: SettlementChannel;
  readonly sellerId: string;
  readonly buyerId: string;
  readonly issuerId: string;
  readonly sellerVatPayer: boolean;
  readonly consumerMemberId?: string;
  readonly producerMemberId?: string;
  readonly unitPrice: PricePerMwh;
}

interface Route {
  readonly legs: readonly Leg[];
  /** what the consumer pays per MWh, for its saving */
  readonly consumerPays: PricePerMwh;
  /** what the producer receives per MWh, for its gain */
  readonly producerGets: PricePerMwh;
}

/** Decides who invoices whom for energy of one pair: the settlement rules of domain.md §6 in one place. */
function routeOf(
  input: SettlementInput,
  members: MemberIndex,
  producer: SettlementMember,
  consumer: SettlementMember,
  quote: PriceQuote,
): Route {
  if (producer.id === consumer.id) return { legs: [], consumerPays: 0, producerGets: 0 };

  const family = members.municipalityOf(producer);
  if (family !== undefined && family === members.municipalityOf(consumer)) {
    // Inside one municipality the municipality is the counterpart of each unit: it recharges consuming units and
    // pays producing units, so every unit deals only with its own municipality.
    const municipality = members.byId(family);
    const legs: Leg[] = [];
    if (consumer.id !== family) {
      legs.push({
        channel: 'internal',
        sellerId: family,
        buyerId: consumer.id,
        issuerId: family,
        sellerVatPayer: chargesVat(municipality.vatStatus),
        consumerMemberId: consumer.id,
        ...(producer.id === family ? { producerMemberId: producer.id } : {}),
        unitPrice: quote.price,
      });
    }
    if (producer.id !== family) {
      legs.push({
        channel: 'internal',
        sellerId: producer.id,
        buyerId: family,
        issuerId: family,
        sellerVatPayer: chargesVat(producer.vatStatus),
        producerMemberId: producer.id,
        ...(consumer.id === family ? { consumerMemberId: consumer.id } : {}),
        unitPrice: quote.price,
      });
    }
    return { legs, consumerPays: quote.price, producerGets: quote.price };
  }

  if (input.mode === 'direct') {
    return {
      legs: [
        {
          channel: 'direct',
          sellerId: producer.id,
          buyerId: consumer.id,
          issuerId: producer.id,
          sellerVatPayer: chargesVat(producer.vatStatus),
          consumerMemberId: consumer.id,
          producerMemberId: producer.id,
          unitPrice: quote.price,
        },
      ],
      consumerPays: quote.price,
      producerGets: quote.price,
    };
  }

  return {
    legs: [
      {
        channel: 'community',
        sellerId: COMMUNITY_PARTY_ID,
        buyerId: consumer.id,
        issuerId: COMMUNITY_PARTY_ID,
        sellerVatPayer: chargesVat(input.community.vatStatus),
        consumerMemberId: consumer.id,
        unitPrice: quote.price,
      },
      {
        channel: 'community',
        sellerId: producer.id,
        buyerId: COMMUNITY_PARTY_ID,
        issuerId: COMMUNITY_PARTY_ID,
        sellerVatPayer: chargesVat(producer.vatStatus),
        producerMemberId: producer.id,
        unitPrice: quote.producerPrice,
      },
    ],
    consumerPays: quote.price,
    producerGets: quote.producerPrice,
  };
}

function addToLine(
  lines: Map<string, LineDraft>,
  leg: Leg,
  quote: PriceQuote,
  energy: number,
  producerEan: string,
  consumerEan: string,
): void {
  const key = [
    leg.channel,
    leg.sellerId,
    leg.buyerId,
    leg.consumerMemberId ?? '',
    leg.producerMemberId ?? '',
    quote.priceListId,
    quote.bandId,
    leg.unitPrice,
  ].join('|');
  let draft = lines.get(key);
  if (!draft) {
    draft = { ...leg, quote, energy: 0, meteringPoints: new Set() };
    lines.set(key, draft);
  }
  draft.energy += energy;
  if (leg.consumerMemberId !== undefined) draft.meteringPoints.add(consumerEan);
  if (leg.producerMemberId !== undefined) draft.meteringPoints.add(producerEan);
}

function priceLine(id: string, draft: LineDraft): SettlementLine {
  const net = amountForEnergy(draft.energy, draft.unitPrice);
  const vatRate = draft.sellerVatPayer ? draft.quote.vatRate : 0;
  const vat = vatForLine(net, vatRate);
  return {
    id,
    channel: draft.channel,
    sellerId: draft.sellerId,
    buyerId: draft.buyerId,
    issuerId: draft.issuerId,
    ...(draft.consumerMemberId !== undefined ? { consumerMemberId: draft.consumerMemberId } : {}),
    ...(draft.producerMemberId !== undefined ? { producerMemberId: draft.producerMemberId } : {}),
    priceListId: draft.quote.priceListId,
    bandId: draft.quote.bandId,
    bandLabel: draft.quote.bandLabel,
    energy: draft.energy,
    unitPrice: draft.unitPrice,
    net,
    sellerVatPayer: draft.sellerVatPayer,
    vatRate,
    vat,
    gross: net + vat,
    meteringPoints: [...draft.meteringPoints].sort(),
  };
}

function summariseMember(
  member: SettlementMember,
  acc: MemberAccumulator | undefined,
  bought: readonly SettlementLine[],
  sold: readonly SettlementLine[],
): MemberSettlement {
  const purchases = totalsOf(bought);
  const sales = totalsOf(sold);
  const received = acc?.received ?? 0;
  const supplied = acc?.supplied ?? 0;
  const own = acc?.own ?? 0;
  const summary: MemberSettlement = {
    memberId: member.id,
    receivedEnergy: received,
    suppliedEnergy: supplied,
    ownSharedEnergy: own,
    purchases,
    sales,
  };
  const saving = acc && acc.savingKnown ? roundExactEnergyValue(acc.saving) : acc ? undefined : 0;
  const gain = acc && acc.gainKnown ? roundExactEnergyValue(acc.gain) : acc ? undefined : 0;
  return {
    ...summary,
    ...(saving !== undefined ? { consumerSaving: saving } : {}),
    ...(gain !== undefined ? { producerGain: gain } : {}),
  };
}

/** Sums net, VAT and gross of lines (exact integers). */
export function totalsOf(lines: readonly { net: Halere; vat: Halere; gross: Halere }[]): AmountTotals {
  let net = 0;
  let vat = 0;
  let gross = 0;
  for (const line of lines) {
    net += line.net;
    vat += line.vat;
    gross += line.gross;
  }
  return { net, vat, gross };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function mapIntervalsToBuckets(
  days: readonly LocalDate[],
  intervalCount: number,
  startUtcMs: number,
  resolver: PriceResolver,
  slotsPerList: number,
): Int32Array {
  const slotsPerDay = resolver.listCount * slotsPerList;
  const bucketOf = new Int32Array(intervalCount);
  let interval = 0;
  days.forEach((date, dayIndex) => {
    const { intervalCount: perDay } = pragueDay(date);
    for (let k = 0; k < perDay; k++, interval++) {
      const slot = resolver.slotAt(startUtcMs + interval * INTERVAL_MS);
      bucketOf[interval] = slot
        ? dayIndex * slotsPerDay + slot.listIndex * slotsPerList + slot.bandIndex
        : -1;
    }
  });
  return bucketOf;
}

/** A member's dated price looked up once per day of the period. */
class DailyPrices {
  private readonly cache = new Map<string, readonly (number | undefined)[]>();

  constructor(
    private readonly days: readonly LocalDate[],
    private readonly pricesOf: (member: SettlementMember) => SettlementMember['supplierPrices'],
  ) {}

  at(member: SettlementMember, dayIndex: number): PricePerMwh | undefined {
    let perDay = this.cache.get(member.id);
    if (!perDay) {
      const prices = this.pricesOf(member);
      perDay = this.days.map((day) => datedPriceAt(prices, day));
      this.cache.set(member.id, perDay);
    }
    return perDay[dayIndex];
  }
}

interface MemberIndex {
  memberOf(ean: string, role: 'production' | 'consumption'): SettlementMember;
  byId(id: string): SettlementMember;
  /** the municipality a member belongs to (itself for a municipality), or undefined */
  municipalityOf(member: SettlementMember): string | undefined;
}

function indexMembers(members: readonly SettlementMember[]): MemberIndex {
  const byId = new Map<string, SettlementMember>();
  const byPoint = new Map<string, SettlementMember>();
  for (const member of members) {
    if (member.id === COMMUNITY_PARTY_ID || byId.has(member.id)) {
      throw new SettlementError('INVALID_MEMBER', `member id "${member.id}" is reserved or used twice`);
    }
    byId.set(member.id, member);
    for (const point of member.meteringPoints) {
      const key = `${point.role}:${point.ean}`;
      if (byPoint.has(key)) {
        throw new SettlementError(
          'INVALID_MEMBER',
          `${point.role} point ${point.ean} belongs to two members`,
        );
      }
      byPoint.set(key, member);
    }
  }
  for (const member of members) {
    if (member.kind !== 'municipal-unit') continue;
    const parent = member.parentMemberId === undefined ? undefined : byId.get(member.parentMemberId);
    if (!parent || parent.kind !== 'municipality') {
      throw new SettlementError(
        'INVALID_MEMBER',
        `municipal unit ${member.id} needs a municipality as its parent`,
      );
    }
  }
  return {
    memberOf(ean, role) {
      const member = byPoint.get(`${role}:${ean}`);
      if (!member) {
        throw new SettlementError('UNKNOWN_METERING_POINT', `${role} point ${ean} belongs to no member`);
      }
      return member;
    },
    byId(id) {
      const member = byId.get(id);
      if (!member) throw new SettlementError('INVALID_MEMBER', `no member ${id}`);
      return member;
    },
    municipalityOf(member) {
      if (member.kind === 'municipality') return member.id;
      if (member.kind === 'municipal-unit') return member.parentMemberId;
      return undefined;
    },
  };
}
