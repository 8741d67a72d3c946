import { Injectable } from '@nestjs/common';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { PriceListStore } from '@sdilna/api/data-access-settlement';
import { NEWCOMER_POINT, SimulationService } from '@sdilna/api/feature-sharing';
import { CsvFormatError, parseCsv, pragueToday } from '@sdilna/api/util-registry';
import { scaleProfile } from '@sdilna/shared/domain-allocation';
import {
  addDays,
  daysInRange,
  kwhToJsonNumber,
  type LocalDate,
  parseLocalDate,
  pragueDay,
  INTERVAL_MS,
} from '@sdilna/shared/domain-core';
import {
  formatCzkJson,
  formatPricePerKwhNumber,
  pricePerKwhFromText,
  PriceResolver,
  roundExactEnergyValue,
} from '@sdilna/shared/domain-settlement';
import type { ApplicantKind, EstimateRequest, EstimateResponse } from '@sdilna/shared/util-api-contract';

import { MAX_YEARLY_KWH } from './dtos/joining.dto';
import { JoiningException } from './joining.exception';

/** A newcomer's consumption: one total for the year, or one per calendar month (1..12). */
type Consumption =
  | { readonly source: 'typical'; readonly yearly: number }
  | { readonly source: 'monthly'; readonly months: readonly number[] };

/** The year the estimate runs on: the twelve whole months before the current one (Prague calendar). */
export function estimateYear(today: LocalDate = pragueToday()): { from: LocalDate; to: LocalDate } {
  const { year, month } = parseLocalDate(today);
  const firstOfMonth = `${year}-${String(month).padStart(2, '0')}-01`;
  return { from: `${year - 1}-${String(month).padStart(2, '0')}-01`, to: addDays(firstOfMonth, -1) };
}

/**
 * The public page's estimate (issue 23, docs/joining.md): the newcomer's demand is the synthetic typical profile of
 * its kind scaled to its yearly consumption (or to each month of its own monthly data), and the ONE engine shares
 * the community's stored production of the last year with it (SimulationService.newcomer: today's members keep
 * their sharing; the newcomer draws from what is left). The saving is the shared energy valued at the visitor's
 * supplier price minus the community's price list for each interval, net of VAT.
 */
@Injectable()
export class NewcomerEstimateService {
  constructor(private readonly simulations: SimulationService) {}

  async estimate(
    tx: TenantTransaction,
    request: EstimateRequest,
    defaultSupplierPricePerMwh: number,
    today: LocalDate = pragueToday(),
  ): Promise<EstimateResponse> {
    const consumption = consumptionOf(request);
    const { from, to } = estimateYear(today);
    const days = daysInRange(from, to);
    const demand = demandByDay(request.kind, days, consumption);
    const supplierPrice =
      request.supplierPricePerKwh !== undefined
        ? pricePerKwhFromText(request.supplierPricePerKwh)
        : defaultSupplierPricePerMwh;
    const result = await this.simulations.newcomer(tx, { days, demand: (day) => demand.get(day) });
    const lists = await tx.store(PriceListStore).list({ from, to });
    const prices = new PriceResolver(lists);
    let value = 0n;
    let paid = 0n;
    let priced = 0;
    let unpriced = 0;
    for (const day of result.perDay) {
      const start = pragueDay(day.day).startUtcMs;
      for (let i = 0; i < day.intervalCount; i++) {
        const slot = prices.slotAt(start + i * INTERVAL_MS);
        for (let p = 0; p < day.producers.length; p++) {
          const energy = day.producerShared[p * day.intervalCount + i] as number;
          if (energy === 0) continue;
          if (slot === undefined) {
            unpriced += energy;
            continue;
          }
          const quote = prices.quote(slot, {
            producerEan: day.producers[p] as string,
            consumerEan: NEWCOMER_POINT,
          });
          priced += energy;
          paid += BigInt(energy) * BigInt(quote.price);
          value += BigInt(energy) * BigInt(supplierPrice - quote.price);
        }
      }
    }
    const yearly = consumption.source === 'typical' ? consumption.yearly : sum(consumption.months);
    return {
      kind: request.kind,
      from,
      to,
      days: result.days,
      yearlyConsumptionKwh: kwhToJsonNumber(yearly),
      consumptionSource: consumption.source,
      profile: request.kind,
      consumptionOnDataDaysKwh: kwhToJsonNumber(result.demandKwh),
      sharedKwh: kwhToJsonNumber(result.sharedKwh),
      sharedPercent:
        result.demandKwh === 0 ? 0 : Math.round((result.sharedKwh * 10_000) / result.demandKwh) / 100,
      leftoverKwh: kwhToJsonNumber(result.leftoverKwh),
      supplierPricePerKwh: formatPricePerKwhNumber(supplierPrice),
      communityPricePerKwh: priced === 0 ? null : formatPricePerKwhNumber(Number(paid / BigInt(priced))),
      savingsCzk: priced === 0 ? null : formatCzkJson(roundExactEnergyValue(value)),
      unpricedKwh: kwhToJsonNumber(unpriced),
    };
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** The consumption a request states, in 0.01 kWh: a yearly figure or twelve months of an uploaded CSV. */
export function consumptionOf(request: EstimateRequest): Consumption {
  if (request.monthlyCsv !== undefined && request.monthlyCsv.trim() !== '') {
    return { source: 'monthly', months: monthsOf(request.monthlyCsv) };
  }
  if (request.yearlyConsumptionKwh === undefined) {
    throw new JoiningException(
      'ESTIMATE_INPUT_INVALID',
      'Give yearlyConsumptionKwh (kWh a year) or monthlyCsv (a year of monthly data)',
    );
  }
  return { source: 'typical', yearly: request.yearlyConsumptionKwh * 100 };
}

/** `month;kwh`, 12 rows, months 1..12 or YYYY-MM, each once; kWh with up to 2 decimals ("," or "."). */
function monthsOf(csv: string): number[] {
  let rows;
  try {
    rows = parseCsv(csv);
  } catch (error) {
    throw new JoiningException(
      'ESTIMATE_INPUT_INVALID',
      `monthlyCsv: ${error instanceof CsvFormatError ? error.message : 'not CSV'}`,
    );
  }
  const months: Array<number | undefined> = new Array<number | undefined>(12).fill(undefined);
  const problems: string[] = [];
  for (const row of rows) {
    const monthText = (row.values['month'] ?? row.values['mesic'] ?? '').trim();
    const kwhText = (row.values['kwh'] ?? '').trim().replace(',', '.');
    const match = /^(?:\d{4}-)?(\d{1,2})$/.exec(monthText);
    const month = match ? Number(match[1]) : NaN;
    if (!(month >= 1 && month <= 12)) {
      problems.push(`line ${row.line}: month "${monthText}" is not 1–12 or YYYY-MM`);
      continue;
    }
    if (!/^\d{1,8}(\.\d{1,2})?$/.test(kwhText)) {
      problems.push(`line ${row.line}: kwh "${kwhText}" is not a number of kWh with up to 2 decimals`);
      continue;
    }
    if (months[month - 1] !== undefined) {
      problems.push(`line ${row.line}: month ${month} is given twice`);
      continue;
    }
    months[month - 1] = Math.round(Number(kwhText) * 100);
  }
  const missing = months.flatMap((value, index) => (value === undefined ? [index + 1] : []));
  if (missing.length > 0) problems.push(`months ${missing.join(', ')} are missing; expected all 12`);
  const total = sum(months.map((value) => value ?? 0));
  if (problems.length === 0 && (total <= 0 || total > MAX_YEARLY_KWH * 100))
    problems.push(
      `the year adds up to ${total / 100} kWh; expected more than 0 and at most ${MAX_YEARLY_KWH}`,
    );
  if (problems.length > 0) {
    throw new JoiningException(
      'ESTIMATE_INPUT_INVALID',
      `monthlyCsv (header month;kwh, 12 rows): ${problems.join('; ')}`,
      { problems },
    );
  }
  return months as number[];
}

/** The newcomer's demand per day of the estimate year: the profile scaled to the year, or to each month. */
export function demandByDay(
  kind: ApplicantKind,
  days: readonly LocalDate[],
  consumption: Consumption,
): Map<LocalDate, Int32Array> {
  if (consumption.source === 'typical') return scaleProfile(kind, days, consumption.yearly);
  const demand = new Map<LocalDate, Int32Array>();
  for (let month = 1; month <= 12; month++) {
    const monthDays = days.filter((day) => parseLocalDate(day).month === month);
    for (const [day, values] of scaleProfile(kind, monthDays, consumption.months[month - 1] as number))
      demand.set(day, values);
  }
  return demand;
}
