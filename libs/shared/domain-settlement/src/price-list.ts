import { pragueWallClock, type LocalDate } from '@sdilna/shared/domain-core';

import { assertNoOverlap, isValidOn } from './dated-price';
import type { PricePerMwh } from './price';
import { SettlementError } from './settlement-error';
import {
  BASE_BAND_ID,
  compileTimeBand,
  type CompiledTimeBand,
  type PragueMoment,
  type TimeBand,
} from './time-band';
import { DEFAULT_VAT_RATE_BASIS_POINTS, type VatRateBasisPoints } from './vat';

/**
 * One price rule of a community price list. Without `producerEan` and `consumerEan` it is the community default;
 * with one or both it overrides the default for that producer, consumer or pair. The most specific rule wins:
 * pair > producer > consumer > default.
 */
export interface PriceRule {
  readonly producerEan?: string;
  readonly consumerEan?: string;
  /** net price the consumer pays per shared MWh, in haléře (3.00 Kč/kWh = 300 000) */
  readonly price: PricePerMwh;
  /** prices per time band id; a band without its own price uses `price` */
  readonly bandPrices?: Readonly<Record<string, PricePerMwh>>;
}

/** The community's internal price list for shared energy, valid for a range of Prague days (both inclusive). */
export interface CommunityPriceList {
  readonly id: string;
  readonly validFrom: LocalDate;
  readonly validTo?: LocalDate;
  /** VAT rate applied when the seller is a VAT payer; default 21 % */
  readonly vatRate?: VatRateBasisPoints;
  /** bands in priority order: the first band whose rule covers an interval's start is its band */
  readonly bands?: readonly TimeBand[];
  readonly rules: readonly PriceRule[];
  /**
   * What the community keeps of every shared MWh when it buys from producers and sells to consumers
   * (`community-clearing`): the producer receives `price − margin`. Default 0.
   */
  readonly communityMarginPerMwh?: PricePerMwh;
}

export interface SharingPair {
  readonly producerEan: string;
  readonly consumerEan: string;
}

export type PriceRuleLevel = 'pair' | 'producer' | 'consumer' | 'default';

/** The price that applies to one pair in one interval. */
export interface PriceQuote {
  readonly priceListId: string;
  readonly bandId: string;
  readonly bandLabel: string;
  /** what the consumer pays per MWh (net) */
  readonly price: PricePerMwh;
  /** what the producer receives per MWh (net): price − community margin */
  readonly producerPrice: PricePerMwh;
  readonly vatRate: VatRateBasisPoints;
  readonly level: PriceRuleLevel;
}

/** Where an interval falls: which price list and which band of it (band index 0 = the base band). */
export interface PriceSlot {
  readonly listIndex: number;
  readonly bandIndex: number;
}

interface CompiledPriceList {
  readonly list: CommunityPriceList;
  readonly bands: readonly CompiledTimeBand[];
  readonly defaultRule: PriceRule;
  readonly byPair: ReadonlyMap<string, PriceRule>;
  readonly byProducer: ReadonlyMap<string, PriceRule>;
  readonly byConsumer: ReadonlyMap<string, PriceRule>;
}

/**
 * Price lists compiled once for fast lookups: a settlement of a month resolves the slot of each of ~3 000
 * intervals once and then prices each (pair, slot) once, never each (pair, interval).
 */
export class PriceResolver {
  private readonly compiled: readonly CompiledPriceList[];
  private readonly slotCache = new Map<string, PriceSlot | null>();

  constructor(priceLists: readonly CommunityPriceList[]) {
    assertNoOverlap(priceLists, 'community price lists');
    this.compiled = [...priceLists]
      .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1))
      .map((list) => compilePriceList(list));
  }

  /** Number of bands of the list with the most bands, plus the base band: the width of a slot row. */
  get slotsPerList(): number {
    return 1 + Math.max(0, ...this.compiled.map((c) => c.bands.length));
  }

  get listCount(): number {
    return this.compiled.length;
  }

  /** The list and band of the interval starting at `utcMs`, or undefined when no price list is valid then. */
  slotAt(utcMs: number): PriceSlot | undefined {
    const wall = pragueWallClock(utcMs);
    const moment: PragueMoment = {
      isoWeekday: wall.weekday === 0 ? 7 : wall.weekday,
      minuteOfDay: wall.hour * 60 + wall.minute,
    };
    // Same date, weekday and wall time → same slot; caching on them keeps a month's lookups cheap.
    const key = `${wall.date}|${moment.minuteOfDay}`;
    const cached = this.slotCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const slot = this.computeSlot(wall.date, moment);
    this.slotCache.set(key, slot ?? null);
    return slot;
  }

  private computeSlot(date: LocalDate, moment: PragueMoment): PriceSlot | undefined {
    const listIndex = this.compiled.findIndex((c) => isValidOn(c.list, date));
    if (listIndex < 0) return undefined;
    const bands = (this.compiled[listIndex] as CompiledPriceList).bands;
    const bandIndex = bands.findIndex((band) => band.matches(moment));
    return { listIndex, bandIndex: bandIndex + 1 };
  }

  /** The price of a pair in a slot; the rule lookup is a few map reads. */
  quote(slot: PriceSlot, pair: SharingPair): PriceQuote {
    const compiled = this.compiled[slot.listIndex];
    if (!compiled) throw new SettlementError('NO_PRICE_LIST', `no price list #${slot.listIndex}`);
    const band = slot.bandIndex === 0 ? undefined : compiled.bands[slot.bandIndex - 1]?.band;
    const { rule, level } = mostSpecificRule(compiled, pair);
    const bandId = band?.id ?? BASE_BAND_ID;
    const price = (band && rule.bandPrices?.[band.id]) ?? rule.price;
    const margin = compiled.list.communityMarginPerMwh ?? 0;
    return {
      priceListId: compiled.list.id,
      bandId,
      bandLabel: band?.label ?? '',
      price,
      producerPrice: price - margin,
      vatRate: compiled.list.vatRate ?? DEFAULT_VAT_RATE_BASIS_POINTS,
      level,
    };
  }
}

/** The price of shared energy for a pair in the interval starting at `utcMs` (Prague wall clock decides the band). */
export function priceFor(
  priceLists: readonly CommunityPriceList[] | PriceResolver,
  pair: SharingPair,
  utcMs: number,
): PriceQuote {
  const resolver = priceLists instanceof PriceResolver ? priceLists : new PriceResolver(priceLists);
  const slot = resolver.slotAt(utcMs);
  if (!slot) {
    throw new SettlementError(
      'NO_PRICE_LIST',
      `no community price list is valid at ${new Date(utcMs).toISOString()}`,
    );
  }
  return resolver.quote(slot, pair);
}

function mostSpecificRule(
  compiled: CompiledPriceList,
  pair: SharingPair,
): { rule: PriceRule; level: PriceRuleLevel } {
  const byPair = compiled.byPair.get(pairKey(pair.producerEan, pair.consumerEan));
  if (byPair) return { rule: byPair, level: 'pair' };
  const byProducer = compiled.byProducer.get(pair.producerEan);
  if (byProducer) return { rule: byProducer, level: 'producer' };
  const byConsumer = compiled.byConsumer.get(pair.consumerEan);
  if (byConsumer) return { rule: byConsumer, level: 'consumer' };
  return { rule: compiled.defaultRule, level: 'default' };
}

function pairKey(producerEan: string, consumerEan: string): string {
  return `${producerEan}>${consumerEan}`;
}

function compilePriceList(list: CommunityPriceList): CompiledPriceList {
  const fail = (message: string): never => {
    throw new SettlementError('INVALID_PRICE_LIST', `price list ${list.id}: ${message}`);
  };
  const bands = (list.bands ?? []).map((band) => compileTimeBand(band));
  const bandIds = new Set(bands.map((b) => b.band.id));
  if (bandIds.size !== bands.length) fail('two bands share an id');
  const margin = list.communityMarginPerMwh ?? 0;
  if (!Number.isSafeInteger(margin) || margin < 0) fail(`margin ${margin} is not a non-negative integer`);
  if (list.vatRate !== undefined && (!Number.isSafeInteger(list.vatRate) || list.vatRate < 0)) {
    fail(`VAT rate ${list.vatRate} bp is not valid`);
  }

  let defaultRule: PriceRule | undefined;
  const byPair = new Map<string, PriceRule>();
  const byProducer = new Map<string, PriceRule>();
  const byConsumer = new Map<string, PriceRule>();
  for (const rule of list.rules) {
    const prices = [rule.price, ...Object.values(rule.bandPrices ?? {})];
    for (const price of prices) {
      if (!Number.isSafeInteger(price) || price < margin) {
        fail(`price ${price} h/MWh must be an integer not below the community margin ${margin}`);
      }
    }
    for (const bandId of Object.keys(rule.bandPrices ?? {})) {
      if (!bandIds.has(bandId)) fail(`a rule prices unknown band "${bandId}"`);
    }
    const { producerEan, consumerEan } = rule;
    const [map, key, what] =
      producerEan !== undefined && consumerEan !== undefined
        ? [byPair, pairKey(producerEan, consumerEan), `pair ${producerEan}>${consumerEan}`]
        : producerEan !== undefined
          ? [byProducer, producerEan, `producer ${producerEan}`]
          : consumerEan !== undefined
            ? [byConsumer, consumerEan, `consumer ${consumerEan}`]
            : [undefined, '', 'default'];
    if (!map) {
      if (defaultRule) fail('two default rules');
      defaultRule = rule;
    } else {
      if (map.has(key)) fail(`two rules for ${what}`);
      map.set(key, rule);
    }
  }
  if (!defaultRule) return fail('no default rule (a rule without producer and consumer)');
  return { list, bands, defaultRule, byPair, byProducer, byConsumer };
}
