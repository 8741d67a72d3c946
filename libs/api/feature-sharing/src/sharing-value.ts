import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { VatStatusStore } from '@sdilna/api/data-access-registry';
import {
  PriceListStore,
  SettlementSettingsStore,
  SettlementSource,
} from '@sdilna/api/data-access-settlement';
import type { AllocationResult, CompiledKey } from '@sdilna/shared/domain-allocation';
import { daysInRange, pragueDay } from '@sdilna/shared/domain-core';
import {
  SettlementError,
  settlePeriod,
  type CommunityPriceList,
  type Halere,
  type PairSharing,
  type SettlementMember,
  type SettlementMode,
  type VatStatus,
  vatStatusOn,
} from '@sdilna/shared/domain-settlement';

import { lastDayOfMonth } from './completeness.service';

/** A member's money of a valued series, net of VAT, in haléře. */
export interface MemberMoney {
  /** what the shared energy the member's consumption points received costs at the community's internal price */
  readonly value: Halere;
  /** Σ shared × (supplier price − internal price); undefined where the member's supplier price is unknown */
  readonly saving: Halere | undefined;
}

export type SharingMoney =
  | { readonly known: true; readonly value: Halere; readonly members: ReadonlyMap<string, MemberMoney> }
  /** no price list covers energy shared in the period (or the list is not valid): the code and message of settlement */
  | { readonly known: false; readonly code: string; readonly message: string };

/**
 * Values shared energy in Kč the way a settlement does, by settlement's own `settlePeriod` over the series (the
 * community's dated price lists and bands, each member's dated supplier price, the settlement mode): the value
 * at the internal price is what consumers pay net, a member's saving is settlement's `consumerSaving`. Nothing is
 * stored. One valuer per period loads the prices once; each series of that period is valued by `value`.
 */
export class SharingValuer {
  private constructor(
    private readonly from: string,
    private readonly to: string,
    private readonly mode: SettlementMode,
    private readonly priceLists: readonly CommunityPriceList[],
    private readonly members: readonly SettlementMember[],
    private readonly communityVatStatus: VatStatus,
  ) {}

  static async load(tx: TenantTransaction, from: string, to: string): Promise<SharingValuer> {
    const settings = await tx.store(SettlementSettingsStore).get();
    const priceLists = await tx.store(PriceListStore).list({ from, to });
    const members = await tx.store(SettlementSource).pricedMembers(from, to);
    // as a settlement of the period does: the community's VAT status on the period's last day
    const communityVatStatus = vatStatusOn(await tx.store(VatStatusStore).communityHistory(), to).status;
    return new SharingValuer(from, to, settings.mode, priceLists, members, communityVatStatus);
  }

  value(pairs: readonly PairSharing[]): SharingMoney {
    const startUtcMs = pragueDay(this.from).startUtcMs;
    const intervalCount = seriesLength(this.from, this.to);
    try {
      if (this.priceLists.length === 0)
        throw new SettlementError('NO_PRICE_LIST', `no price list is valid in ${this.from}..${this.to}`);
      const result = settlePeriod({
        period: { from: this.from, to: this.to },
        mode: this.mode,
        community: { vatStatus: this.communityVatStatus },
        members: this.members,
        priceLists: this.priceLists,
        sharing: { startUtcMs, intervalCount, pairs },
      });
      return {
        known: true,
        value: result.totals.consumersPayNet,
        members: new Map(
          result.members.map((member) => [
            member.memberId,
            { value: member.purchases.net, saving: member.consumerSaving },
          ]),
        ),
      };
    } catch (error) {
      if (error instanceof SettlementError) return { known: false, code: error.code, message: error.message };
      throw error;
    }
  }
}

function seriesLength(from: string, to: string): number {
  return daysInRange(from, to).reduce((sum, day) => sum + pragueDay(day).intervalCount, 0);
}

/**
 * Shared energy per (producer, consumer) pair over [from, to], filled day by day from the engine's results (or
 * stored per-point results where each consumer has one producer): the series `SharingValuer.value` prices.
 */
export class PairSeries {
  private readonly offsets = new Map<string, number>();
  private readonly intervalCount: number;
  private readonly pairs = new Map<
    string,
    { producerEan: string; consumerEan: string; shared: Int32Array }
  >();
  private readonly keys = new WeakMap<CompiledKey, { pairsOf: Int32Array; targets: Int32Array[] }>();

  constructor(from: string, to: string) {
    let offset = 0;
    for (const day of daysInRange(from, to)) {
      this.offsets.set(day, offset);
      offset += pragueDay(day).intervalCount;
    }
    this.intervalCount = offset;
  }

  /**
   * One day's results. With `pairShared` (allocate with `pairs: true`) every pair is taken as it is; without, a
   * consumer with one pair in the key received all its shared energy from that pair. Answers false, adding
   * nothing, where a consumer with several pairs received energy and the result has no pairs: run the engine
   * with `pairs: true` then.
   */
  addDay(day: string, key: CompiledKey, result: AllocationResult): boolean {
    const offset = this.offsets.get(day);
    if (offset === undefined) return true;
    const count = result.intervalCount;
    const { pairsOf, targets } = this.pairsOfKey(key);
    const pairShared = result.pairShared;
    if (pairShared === undefined) {
      // A consumer with several pairs that received energy needs the engine's pairs (answer false, add nothing).
      for (let o = 0; o < key.consumers.length; o++) {
        if ((pairsOf[o] as number) <= 1) continue;
        for (let i = o * count; i < o * count + count; i++) if (result.consumerShared[i] !== 0) return false;
      }
    }
    for (let q = 0; q < key.pairCount; q++) {
      const target = targets[q] as Int32Array;
      // Without the engine's pairs, a consumer's only pair received all its shared energy.
      let source: Int32Array;
      let from: number;
      if (pairShared !== undefined) {
        source = pairShared;
        from = q * count;
      } else {
        const o = key.pairConsumer[q] as number;
        if (pairsOf[o] !== 1) continue;
        source = result.consumerShared;
        from = o * count;
      }
      for (let i = 0; i < count; i++) {
        const value = source[from + i] as number;
        if (value !== 0) target[offset + i] = (target[offset + i] as number) + value;
      }
    }
    return true;
  }

  /** Per key (compiled once per point set), the pairs of each consumer and each pair's series. */
  private pairsOfKey(key: CompiledKey): { pairsOf: Int32Array; targets: Int32Array[] } {
    let known = this.keys.get(key);
    if (known === undefined) {
      const pairsOf = new Int32Array(key.consumers.length);
      const targets = new Array<Int32Array>(key.pairCount);
      for (let q = 0; q < key.pairCount; q++) {
        const o = key.pairConsumer[q] as number;
        pairsOf[o] = (pairsOf[o] as number) + 1;
        targets[q] = this.series(
          key.producers[key.pairProducer[q] as number] as string,
          key.consumers[o] as string,
        );
      }
      known = { pairsOf, targets };
      this.keys.set(key, known);
    }
    return known;
  }

  list(): PairSharing[] {
    return [...this.pairs.values()];
  }

  private series(producerEan: string, consumerEan: string): Int32Array {
    const id = `${producerEan}>${consumerEan}`;
    let pair = this.pairs.get(id);
    if (pair === undefined) {
      pair = { producerEan, consumerEan, shared: new Int32Array(this.intervalCount) };
      this.pairs.set(id, pair);
    }
    return pair.shared;
  }
}

/** Money of one side of a comparison (a key) over a period, summed over its months. */
export interface SideMoney {
  value: Halere;
  /** per member: value received at the internal price, saving (undefined = a supplier price is missing) */
  readonly members: Map<string, { value: Halere; saving: Halere | undefined }>;
}

/**
 * Values two keys' sharing over a period month by month (each month's pair series priced by `SharingValuer` and
 * dropped), so a year of a large group never holds more than one month of pair series. Days come in order.
 */
export class ComparedMoney<Side extends string> {
  private month: string | undefined;
  private series: Record<Side, PairSeries> | undefined;
  private readonly totals: Record<Side, SideMoney>;
  unknown: { code: string; message: string } | undefined;

  constructor(
    private readonly tx: TenantTransaction,
    private readonly from: string,
    private readonly to: string,
    private readonly sides: readonly Side[],
  ) {
    this.totals = Object.fromEntries(sides.map((side) => [side, { value: 0, members: new Map() }])) as Record<
      Side,
      SideMoney
    >;
  }

  /** One side's result of a day; false where the side needs its pairs (see `PairSeries.addDay`). */
  async addDay(day: string, side: Side, key: CompiledKey, result: AllocationResult): Promise<boolean> {
    // Once a month could not be valued, the period's money is unknown: nothing more to add up.
    if (this.unknown !== undefined) return true;
    const month = day.slice(0, 7);
    if (month !== this.month) await this.closeMonth(month);
    return (this.series as Record<Side, PairSeries>)[side].addDay(day, key, result);
  }

  async finish(): Promise<Record<Side, SideMoney> | undefined> {
    await this.closeMonth(undefined);
    return this.unknown === undefined ? this.totals : undefined;
  }

  private async closeMonth(next: string | undefined): Promise<void> {
    if (this.month !== undefined && this.series !== undefined && this.unknown === undefined) {
      const from = this.from > `${this.month}-01` ? this.from : `${this.month}-01`;
      const monthEnd = lastDayOfMonth(this.month);
      const to = this.to < monthEnd ? this.to : monthEnd;
      const valuer = await SharingValuer.load(this.tx, from, to);
      for (const side of this.sides) {
        const money = valuer.value(this.series[side].list());
        if (!money.known) {
          this.unknown = { code: money.code, message: money.message };
          break;
        }
        const total = this.totals[side];
        total.value += money.value;
        for (const [memberId, member] of money.members) {
          const sum = total.members.get(memberId) ?? { value: 0, saving: 0 };
          sum.value += member.value;
          sum.saving =
            sum.saving === undefined || member.saving === undefined ? undefined : sum.saving + member.saving;
          total.members.set(memberId, sum);
        }
      }
    }
    this.month = next;
    if (next !== undefined) {
      const from = this.from > `${next}-01` ? this.from : `${next}-01`;
      const monthEnd = lastDayOfMonth(next);
      const to = this.to < monthEnd ? this.to : monthEnd;
      this.series = Object.fromEntries(this.sides.map((side) => [side, new PairSeries(from, to)])) as Record<
        Side,
        PairSeries
      >;
    }
  }
}
