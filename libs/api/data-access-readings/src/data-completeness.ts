import type { TenantTransaction } from '@sdilna/api/data-access-db';

import { daysInRange, intervalsInDay } from '@sdilna/shared/domain-core';

import { EdcDaysStore } from './edc-days-store';
import { SERIES } from './reading-series';
import { ReadingsStore } from './readings-store';
import { isValidOn, type RegisteredPoint } from '@sdilna/api/data-access-registry';

/** How complete EDC's data of one point and Prague day are. */
export type DayCompleteness = 'complete' | 'preliminary' | 'partial' | 'missing';

/**
 * THE classification of a point day: complete (every interval measured and evaluated by EDC, from its final
 * monthly calculation or imported before calculations were recorded), preliminary (measured, but EDC's sharing not
 * evaluated everywhere yet or only from its daily calculation), partial (some intervals measured), missing.
 */
export function dayCompleteness(
  intervals: number,
  measured: number,
  evaluated: number,
  dailyCalculation = false,
): DayCompleteness {
  if (measured === 0) return 'missing';
  if (measured < intervals) return 'partial';
  return evaluated < intervals || dailyCalculation ? 'preliminary' : 'complete';
}

/** One point's days of a period (only days it is registered on), each classified. */
export interface PointCompleteness {
  readonly point: RegisteredPoint;
  readonly days: Array<{ date: string; status: DayCompleteness }>;
}

/**
 * Classifies the stored days of points: what the completeness overview, its daily check and a settlement's
 * data-gap warnings all read. Bound to one tenant transaction.
 */
export class DataCompleteness {
  constructor(private readonly tx: TenantTransaction) {}

  async ofPoints(points: readonly RegisteredPoint[], from: string, to: string): Promise<PointCompleteness[]> {
    const totals = await this.tx.store(ReadingsStore).loadTotals({
      from,
      to,
      series: [SERIES.measured, SERIES.edcShared],
      pointIds: points.map((point) => point.id),
    });
    const present = new Map(totals.map((row) => [`${row.pointId}|${row.day}|${row.series}`, row.present]));
    // days stored from EDC's daily calculation are preliminary even when every interval is evaluated
    const daily = new Set(
      (await this.tx.store(EdcDaysStore).load('standard', undefined, from, to))
        .filter((row) => row.calculation === 'daily')
        .map((row) => `${row.sharingGroupId}|${row.day}`),
    );
    const days = daysInRange(from, to);
    return points.map((point) => ({
      point,
      days: days
        .filter((day) => isValidOn(point, day))
        .map((date) => ({
          date,
          status: dayCompleteness(
            intervalsInDay(date),
            present.get(`${point.id}|${date}|${SERIES.measured}`) ?? 0,
            present.get(`${point.id}|${date}|${SERIES.edcShared}`) ?? 0,
            daily.has(`${point.sharingGroupId}|${date}`),
          ),
        })),
    }));
  }
}
