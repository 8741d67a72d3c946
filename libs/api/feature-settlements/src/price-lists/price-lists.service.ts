import { Injectable } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import {
  AuditLog,
  checkPeriod,
  CommunityAccess,
  daysBetweenEnds,
  PeriodChangeStore,
  PG_EXCLUSION_VIOLATION,
  PG_UNIQUE_VIOLATION,
  postgresError,
  VatStatusStore,
} from '@sdilna/api/data-access-registry';
import { PriceListStore, type PriceListRecord } from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import type { ClosePeriodDto } from '@sdilna/api/util-registry';
import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  chargesVat,
  PriceResolver,
  vatStatusOn,
  type VatStatusPeriod,
  pricePerKwhFromText,
  SettlementError,
  vatRateFromPercent,
  type CommunityPriceList,
  type PriceRule,
} from '@sdilna/shared/domain-settlement';

import { pricePerKwh, vatPercent } from '../money-json';
import { SettlementsException } from '../settlements.exception';
import type { CreatePriceListDto, PriceListView } from './dtos/price-list.dto';

@Injectable()
export class PriceListsService {
  constructor(
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
  ) {}

  async list(principal: Principal, communityId: string): Promise<PriceListView[]> {
    return this.database.run(communityId, async (tx) => {
      // Members may read prices: they are what their invoices say.
      await this.access.resolveIn(tx, principal);
      const history = await tx.store(VatStatusStore).communityHistory();
      return (await tx.store(PriceListStore).list()).map((record) => toView(record, history));
    });
  }

  async create(principal: Principal, communityId: string, body: CreatePriceListDto): Promise<PriceListView> {
    checkPeriod('price list', body.validFrom, body.validTo);
    const list = toPriceList(body);
    try {
      // The library compiles and checks the list exactly as a settlement will use it.
      new PriceResolver([{ ...list, id: 'new' }]);
    } catch (error) {
      if (error instanceof SettlementError)
        throw new SettlementsException('PRICE_LIST_INVALID', error.message);
      throw error;
    }
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      // A new list prices its days: refused over a month with final documents, drafts of its months recomputed.
      await tx.store(PeriodChangeStore).apply({
        what: `price list from ${body.validFrom}`,
        days: [{ from: body.validFrom, to: body.validTo ?? null }],
        affects: 'prices',
        ...(body.asCorrection !== undefined ? { asCorrection: body.asCorrection } : {}),
      });
      await refuseOverlap(tx.store(PriceListStore), { validFrom: body.validFrom, validTo: body.validTo });
      let id: string;
      try {
        id = await tx.store(PriceListStore).create({
          ...list,
          name: body.name ?? `Ceník od ${body.validFrom}`,
          createdBy: principal.userId,
        });
      } catch (error) {
        const pg = postgresError(error);
        if (pg?.code === PG_EXCLUSION_VIOLATION) throw overlapRace();
        if (pg?.code === PG_UNIQUE_VIOLATION) {
          throw new SettlementsException(
            'PRICE_LIST_INVALID',
            'Two rules name the same producer, consumer or pair',
          );
        }
        throw error;
      }
      if (body.sellerVatPayer !== undefined)
        await recordLegacyVatFlag(tx, body.validFrom, body.sellerVatPayer);
      const created = toView(
        (await tx.store(PriceListStore).list()).find((record) => record.id === id) as PriceListRecord,
        await tx.store(VatStatusStore).communityHistory(),
      );
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'create',
        entity: 'price-list',
        entityId: id,
        after: created,
      });
      return created;
    });
  }

  /**
   * Ends a list (or moves its end; null makes it open-ended again), so the next one can start the day after.
   * The days between the old and the new end change price: refused over a final month, drafts recomputed.
   */
  async close(
    principal: Principal,
    communityId: string,
    priceListId: string,
    body: ClosePeriodDto,
  ): Promise<PriceListView> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      const store = tx.store(PriceListStore);
      const before = (await store.list()).find((record) => record.id === priceListId);
      if (before === undefined) throw new SettlementsException('PRICE_LIST_NOT_FOUND', 'No such price list');
      checkPeriod(`price list ${before.name}`, before.validFrom, body.validTo);
      await tx.store(PeriodChangeStore).apply({
        what: `ending price list ${before.name} on ${body.validTo ?? 'no day (open-ended)'}`,
        days: daysBetweenEnds(before.validTo ?? null, body.validTo),
        affects: 'prices',
        ...(body.asCorrection !== undefined ? { asCorrection: body.asCorrection } : {}),
      });
      await refuseOverlap(store, {
        id: priceListId,
        validFrom: before.validFrom,
        validTo: body.validTo ?? undefined,
      });
      try {
        await store.setValidTo(priceListId, body.validTo);
      } catch (error) {
        if (postgresError(error)?.code === PG_EXCLUSION_VIOLATION) throw overlapRace();
        throw error;
      }
      const after = (await store.list()).find((record) => record.id === priceListId) as PriceListRecord;
      await this.audit.recordIn(tx, {
        actorUserId: access.userId,
        action: 'update',
        entity: 'price-list',
        entityId: priceListId,
        before: { validTo: before.validTo ?? null },
        after: { validTo: after.validTo ?? null },
      });
      return toView(after, await tx.store(VatStatusStore).communityHistory());
    });
  }
}

function overlapRace(): SettlementsException {
  return new SettlementsException(
    'PRICE_LIST_OVERLAP',
    'Another price list is valid on some of these days; end it first (validTo)',
  );
}

/**
 * 409 naming the lists in the way, checked before the write (a failed statement would end the transaction; the
 * exclusion constraint still settles a race). Periods are inclusive, so a list ending on the 14th and the next
 * starting on the 15th do not overlap.
 */
async function refuseOverlap(
  store: PriceListStore,
  period: { id?: string; validFrom: string; validTo?: string | undefined },
): Promise<void> {
  const inWay = (await store.list()).filter(
    (record) =>
      record.id !== period.id &&
      (period.validTo === undefined || record.validFrom <= period.validTo) &&
      (record.validTo === undefined || record.validTo >= period.validFrom),
  );
  if (inWay.length === 0) return;
  throw new SettlementsException(
    'PRICE_LIST_OVERLAP',
    `Another price list is valid on some of these days: ${inWay
      .map((record) => `${record.name} (${record.validFrom}..${record.validTo ?? 'open'})`)
      .join(', ')}; end it first (PATCH …/price-lists/:id { "validTo" })`,
    {
      priceLists: inWay.map((record) => ({
        id: record.id,
        validFrom: record.validFrom,
        validTo: record.validTo ?? null,
      })),
    },
  );
}

function priceOf(text: string, field: string): number {
  try {
    return pricePerKwhFromText(text);
  } catch {
    throw new SettlementsException('PRICE_LIST_INVALID', `${field}: "${text}" is not a price in Kč per kWh`);
  }
}

function bandPricesOf(
  prices: Record<string, string> | undefined,
  field: string,
): Record<string, number> | undefined {
  if (prices === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const [band, text] of Object.entries(prices)) {
    if (typeof text !== 'string')
      throw new SettlementsException('PRICE_LIST_INVALID', `${field}.${band} must be a string price`);
    out[band] = priceOf(text, `${field}.${band}`);
  }
  return out;
}

function toPriceList(body: CreatePriceListDto): Omit<CommunityPriceList, 'id'> & {
  vatRate: number;
  communityMarginPerMwh: number;
  bands: NonNullable<CommunityPriceList['bands']>;
} {
  const defaultBandPrices = bandPricesOf(body.bandPrices, 'bandPrices');
  const rules: PriceRule[] = [
    {
      price: priceOf(body.pricePerKwh, 'pricePerKwh'),
      ...(defaultBandPrices ? { bandPrices: defaultBandPrices } : {}),
    },
    ...(body.rules ?? []).map((rule, index): PriceRule => {
      if (rule.producerEan === undefined && rule.consumerEan === undefined) {
        throw new SettlementsException(
          'PRICE_LIST_INVALID',
          `rules[${index}] needs producerEan, consumerEan or both (the community price is pricePerKwh)`,
        );
      }
      const bandPrices = bandPricesOf(rule.bandPrices, `rules[${index}].bandPrices`);
      return {
        ...(rule.producerEan !== undefined ? { producerEan: rule.producerEan } : {}),
        ...(rule.consumerEan !== undefined ? { consumerEan: rule.consumerEan } : {}),
        price: priceOf(rule.pricePerKwh, `rules[${index}].pricePerKwh`),
        ...(bandPrices ? { bandPrices } : {}),
      };
    }),
  ];
  return {
    validFrom: body.validFrom,
    ...(body.validTo !== undefined ? { validTo: body.validTo } : {}),
    vatRate: vatRateFromPercent(body.vatRatePercent ?? 21),
    communityMarginPerMwh: body.marginPerKwh === undefined ? 0 : priceOf(body.marginPerKwh, 'marginPerKwh'),
    bands: (body.bands ?? []).map((band) => ({
      id: band.id,
      label: band.label,
      ...(band.weekdays !== undefined ? { weekdays: band.weekdays } : {}),
      windows: band.windows.map((window) => ({ from: window.from, to: window.to })),
    })),
    rules,
  };
}

function textPrices(
  prices: Readonly<Record<string, number>> | undefined,
): Record<string, string> | undefined {
  if (prices === undefined) return undefined;
  return Object.fromEntries(Object.entries(prices).map(([band, price]) => [band, pricePerKwh(price)]));
}

/**
 * `sellerVatPayer` of a price list (deprecated since issue 20): the community's VAT status lives in its dated rows.
 * A list posted with the flag records it there: from the list's first day the community is a payer, or no longer
 * one (an identified person stays what it is: it charges no VAT either).
 */
async function recordLegacyVatFlag(tx: TenantTransaction, validFrom: string, payer: boolean): Promise<void> {
  const store = tx.store(VatStatusStore);
  const history = await store.communityHistory();
  if (chargesVat(vatStatusOn(history, validFrom).status) === payer) return;
  const rows = history.filter((row) => row.validFrom !== validFrom);
  await store.replaceCommunityHistory(
    [
      ...rows,
      {
        validFrom: rows.length === 0 ? '2000-01-01' : validFrom,
        status: payer ? 'payer' : 'non-payer',
      } as const,
    ].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1)),
  );
}

function toView(record: PriceListRecord, history: readonly VatStatusPeriod[]): PriceListView {
  const base = record.rules.find((rule) => rule.producerEan === undefined && rule.consumerEan === undefined);
  const baseBands = textPrices(base?.bandPrices);
  return {
    id: record.id,
    name: record.name,
    validFrom: record.validFrom,
    ...(record.validTo !== undefined ? { validTo: record.validTo } : {}),
    pricePerKwh: pricePerKwh(base?.price ?? 0),
    ...(baseBands ? { bandPrices: baseBands } : {}),
    vatRatePercent: vatPercent(record.vatRate ?? 2100),
    sellerVatPayer: chargesVat(vatStatusOn(history, record.validFrom).status),
    marginPerKwh: pricePerKwh(record.communityMarginPerMwh ?? 0),
    currency: 'CZK',
    bands: (record.bands ?? []).map((band) => ({
      id: band.id,
      label: band.label,
      ...(band.weekdays !== undefined ? { weekdays: [...band.weekdays] } : {}),
      windows: band.windows.map((window) => ({ from: window.from, to: window.to })),
    })),
    rules: record.rules
      .filter((rule) => rule !== base)
      .map((rule) => {
        const bandPrices = textPrices(rule.bandPrices);
        return {
          ...(rule.producerEan !== undefined ? { producerEan: rule.producerEan } : {}),
          ...(rule.consumerEan !== undefined ? { consumerEan: rule.consumerEan } : {}),
          pricePerKwh: pricePerKwh(rule.price),
          ...(bandPrices ? { bandPrices } : {}),
        };
      }),
    createdAt: record.createdAt.toISOString(),
  };
}
