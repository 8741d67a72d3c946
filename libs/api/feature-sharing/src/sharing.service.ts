import { Injectable } from '@nestjs/common';
import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import {
  isValidOn,
  OneStatementReads,
  ReadingsStore,
  RegistryReader,
  SERIES,
  type GroupPeriodTotals,
  type PackedDay,
  type ReadingTotalRow,
  type RegisteredPoint,
} from '@sdilna/api/data-access-readings';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import type { SessionClaims } from '@sdilna/api/util-auth';
import { BoundedMemo } from '@sdilna/api/util-http';
import { INTERVAL_MS, intervalsInDay, kwhToJsonNumber, pragueDay } from '@sdilna/shared/domain-core';

import type {
  Granularity,
  GroupSharingView,
  GroupsView,
  SharingGroupsQueryDto,
  PointSharingView,
  SharingEntryView,
  SharingQueryDto,
  SharingView,
  Source,
} from './dtos/sharing.dto';
import { checkPeriod, pointsInPeriod, selectEan, visiblePoints } from './sharing-access';

/** Longest periods per granularity: 15-minute answers grow by ~96 entries per point and day. */
const MAX_DAYS: Readonly<Record<Granularity, number>> = { '15m': 62, day: 400, month: 3700 };

/** Periods whose day list is remembered: the portal asks for a few months of a few years. */
export const PERIODS_KEPT = 200;

/** A stored total of one point, bucket (day or month) and series. */
interface BucketTotal {
  readonly pointId: string;
  readonly label: string;
  readonly series: number;
  readonly total: number;
  readonly hasValues: boolean;
}

/** Integer hundredths of a kWh of one interval, day or month; kWh only where the answer is written. */
interface Bucket {
  measured: number;
  shared: number;
  hasMeasured: boolean;
  hasShared: boolean;
}

/** One entry of a point's series before it becomes JSON. */
interface Entry {
  readonly start: string;
  readonly bucket: Bucket;
}

function kwh(value: number): number {
  return kwhToJsonNumber(value);
}

/**
 * GET .../sharing: measured, shared and residual energy per EAN from the stored packed days, by interval, day or
 * month, with EDC's sharing or ours. Day and month answers read only the per-day totals.
 */
@Injectable()
export class SharingService {
  /**
   * The days of each period that passed `checkPeriod`, by longest period allowed and bounds: a pure function of
   * the strings, asked for on every page load, that builds a date string per day (a month's ~10 µs, a year's
   * ~170 µs). Refused periods are not remembered and are refused by `checkPeriod` every time. Frozen, shared.
   */
  private readonly periods = new BoundedMemo<readonly string[]>(PERIODS_KEPT);

  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly reads: OneStatementReads,
  ) {}

  async sharing(caller: SessionClaims, communityId: string, query: SharingQueryDto): Promise<SharingView> {
    const granularity = query.granularity ?? 'day';
    const source: Source = query.source ?? 'edc';
    const days = this.periodDays(query.from, query.to, MAX_DAYS[granularity], `granularity ${granularity}`);
    const sharedSeries = source === 'edc' ? SERIES.edcShared : SERIES.computedShared;
    const series = [SERIES.measured, sharedSeries];
    if (granularity === 'day') {
      // A member's monthly summary, in one statement: the caller and their points with the day totals. An
      // administrator's answer covers every point and the groups: the transaction below reads it.
      const answer = await this.reads.memberDayTotals(communityId, caller, {
        from: query.from,
        to: query.to,
        series,
        ...(query.ean !== undefined ? { ean: query.ean } : {}),
      });
      const access = this.access.fromRow(communityId, caller, answer.caller);
      if (!access.isAdmin) {
        const loaded = answer.data ?? [];
        const points = selectEan(
          pointsInPeriod(
            visiblePoints(
              access,
              loaded.map((item) => item.point),
            ),
            query.from,
            query.to,
          ),
          query.ean,
        );
        const selected = new Set(points.map((point) => point.id));
        const totals = loaded
          .filter((item) => selected.has(item.point.id))
          .flatMap((item) => item.totals.map((row) => dayTotal(row)));
        const views = this.bucketViews(points, totals, days, granularity);
        return { from: query.from, to: query.to, granularity, source, points: views, groups: [] };
      }
    }
    return this.db.run(communityId, async (tx) => {
      const access = await this.access.resolve(tx.manager, communityId, caller);
      // A member's request reads only their points, not the whole registry of a 1 000-point community.
      const all = await tx
        .store(RegistryReader)
        .points(access.isAdmin ? {} : { memberIds: [...access.visibleMemberIds] });
      const points = selectEan(pointsInPeriod(visiblePoints(access, all), query.from, query.to), query.ean);
      const pointIds = points.map((point) => point.id);
      let views: PointSharingView[];
      if (granularity === '15m') {
        const rows = await tx.store(ReadingsStore).load({
          from: query.from,
          to: query.to,
          series,
          pointIds,
        });
        const byKey = new Map(rows.map((row) => [`${row.pointId}|${row.day}|${row.series}`, row.data]));
        views = points.map((point) =>
          this.intervalView(
            point,
            days,
            (day, series) => byKey.get(`${point.id}|${day}|${series}`),
            sharedSeries,
          ),
        );
      } else {
        // Day answers read the per-day totals; month answers their month sums, added up by Postgres.
        const period = { from: query.from, to: query.to, series, pointIds };
        const totals: BucketTotal[] =
          granularity === 'day'
            ? (await tx.store(ReadingsStore).loadTotals(period)).map((row) => dayTotal(row))
            : (await tx.store(ReadingsStore).loadMonthTotals(period)).map((row) => ({
                pointId: row.pointId,
                label: row.month,
                series: row.series,
                total: row.total,
                hasValues: row.hasValues,
              }));
        views = this.bucketViews(points, totals, days, granularity);
      }
      const groups =
        access.isAdmin && query.ean === undefined
          ? await this.groupTotals(tx, query.from, query.to, source)
          : [];
      return { from: query.from, to: query.to, granularity, source, points: views, groups };
    });
  }

  /** `checkPeriod`, remembered for periods that pass (`what` only words its refusal). */
  private periodDays(from: string, to: string, maxDays: number, what: string): readonly string[] {
    const key = `${maxDays}|${from}|${to}`;
    let days = this.periods.get(key);
    if (days === undefined) {
      days = Object.freeze(checkPeriod(from, to, maxDays, what));
      this.periods.set(key, days);
    }
    return days;
  }

  /** Day or month entries of each point from stored totals; buckets only on days the point is registered. */
  private bucketViews(
    points: readonly RegisteredPoint[],
    totals: readonly BucketTotal[],
    days: readonly string[],
    granularity: Exclude<Granularity, '15m'>,
  ): PointSharingView[] {
    const totalsByPoint = new Map<string, BucketTotal[]>();
    for (const row of totals) {
      const list = totalsByPoint.get(row.pointId);
      if (list === undefined) totalsByPoint.set(row.pointId, [row]);
      else list.push(row);
    }
    return points.map((point) => {
      const buckets = new Map<string, Bucket>();
      for (const day of days) {
        if (!isValidOn(point, day)) continue;
        const label = granularity === 'day' ? day : day.slice(0, 7);
        if (!buckets.has(label))
          buckets.set(label, { measured: 0, shared: 0, hasMeasured: false, hasShared: false });
      }
      for (const row of totalsByPoint.get(point.id) ?? []) {
        const bucket = buckets.get(row.label);
        if (bucket === undefined) continue;
        if (row.series === SERIES.measured) {
          bucket.measured += row.total;
          bucket.hasMeasured ||= row.hasValues;
        } else {
          bucket.shared += row.total;
          bucket.hasShared ||= row.hasValues;
        }
      }
      return this.pointView(
        point,
        [...buckets].map(([start, bucket]) => ({ start, bucket })),
      );
    });
  }

  private intervalView(
    point: RegisteredPoint,
    days: readonly string[],
    rowOf: (day: string, series: number) => PackedDay | undefined,
    sharedSeries: number,
  ): PointSharingView {
    const series: Entry[] = [];
    for (const day of days) {
      if (!isValidOn(point, day)) continue;
      const count = intervalsInDay(day);
      const start = pragueDay(day).startUtcMs;
      const measured = rowOf(day, SERIES.measured);
      const shared = rowOf(day, sharedSeries);
      for (let i = 0; i < count; i++) {
        const hasMeasured = measured?.present[i] === 1;
        const hasShared = hasMeasured && shared?.present[i] === 1;
        series.push({
          start: new Date(start + i * INTERVAL_MS).toISOString(),
          bucket: {
            measured: hasMeasured ? (measured?.values[i] ?? 0) : 0,
            shared: hasShared ? (shared?.values[i] ?? 0) : 0,
            hasMeasured,
            hasShared,
          },
        });
      }
    }
    return this.pointView(point, series);
  }

  /** Totals in integer hundredths (what an entry has not got counts as 0); kWh only in the JSON written here. */
  private pointView(point: RegisteredPoint, entries: readonly Entry[]): PointSharingView {
    let measured = 0;
    let shared = 0;
    for (const { bucket } of entries) {
      if (bucket.hasMeasured) measured += bucket.measured;
      if (bucket.hasShared) shared += bucket.shared;
    }
    return {
      ean: point.ean,
      role: point.role,
      meteringPointId: point.id,
      memberId: point.memberId,
      label: point.label,
      series: entries.map(entry),
      totals: { measuredKwh: kwh(measured), sharedKwh: kwh(shared), residualKwh: kwh(measured - shared) },
    };
  }

  /**
   * GET .../sharing/groups: the group overview (administrators): the `groups` of GET .../sharing without the
   * points, from the stored group totals only.
   */
  async groups(
    caller: SessionClaims,
    communityId: string,
    query: SharingGroupsQueryDto,
  ): Promise<GroupsView> {
    const source: Source = query.source ?? 'edc';
    this.periodDays(query.from, query.to, MAX_DAYS.month, 'the group overview');
    const answer = await this.reads.groupPeriodTotals(communityId, caller, {
      from: query.from,
      to: query.to,
      source,
    });
    this.access.requireAdmin(this.access.fromRow(communityId, caller, answer.caller));
    return { from: query.from, to: query.to, source, groups: (answer.data ?? []).map(groupView) };
  }

  private async groupTotals(
    tx: TenantTransaction,
    from: string,
    to: string,
    source: Source,
  ): Promise<GroupSharingView[]> {
    const sums = await tx.store(ReadingsStore).sumGroupDays(from, to, source);
    return sums.map(groupView);
  }
}

function groupView(sum: GroupPeriodTotals): GroupSharingView {
  return {
    sharingGroupId: sum.sharingGroupId,
    name: sum.name,
    productionKwh: kwh(sum.production),
    consumptionKwh: kwh(sum.demand),
    sharedKwh: kwh(sum.shared),
    residualExportKwh: kwh(sum.production - sum.shared),
    residualImportKwh: kwh(sum.demand - sum.shared),
    missedKwh: kwh(sum.missed),
    discrepancies: sum.discrepancies,
  };
}

function dayTotal(row: ReadingTotalRow): BucketTotal {
  return {
    pointId: row.pointId,
    label: row.day,
    series: row.series,
    total: row.total,
    hasValues: row.present > 0,
  };
}

/** Integer hundredths in, kWh out; residual only where both measured and shared are known. */
function entry({ start, bucket }: Entry): SharingEntryView {
  return {
    start,
    measuredKwh: bucket.hasMeasured ? kwh(bucket.measured) : null,
    sharedKwh: bucket.hasShared ? kwh(bucket.shared) : null,
    residualKwh: bucket.hasMeasured && bucket.hasShared ? kwh(bucket.measured - bucket.shared) : null,
  };
}
