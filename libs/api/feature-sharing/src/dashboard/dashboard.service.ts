import { Injectable } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { DataCompleteness, RegistryReader } from '@sdilna/api/data-access-readings';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { pragueToday } from '@sdilna/api/util-registry';
import { addDays, daysInRange } from '@sdilna/shared/domain-core';

import { pointsInPeriod } from '../sharing-access';
import {
  DEFAULT_STALE_AFTER_DAYS,
  type DashboardView,
  type DashboardWarningItemView,
  type DashboardWarningView,
} from './dashboard.dto';

/** How far back the dashboard looks for missing days: the newest 30 imported days. */
const MISSING_DAYS_WINDOW = 30;
const ITEMS_PER_WARNING = 10;

/**
 * What the administrator's dashboard warns of (issue 18 item 5), as codes with parameters the portal writes in
 * the reader's language: missing days per point, failed imports, settlement runs waiting, data growing old.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
  ) {}

  async dashboard(
    principal: Principal,
    communityId: string,
    staleAfterDays = DEFAULT_STALE_AFTER_DAYS,
  ): Promise<DashboardView> {
    return this.db.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const [imports] = await tx.query<{
        finished: string;
        first_day: string | null;
        last_day: string | null;
      }>(
        `SELECT count(*) FILTER (WHERE status IN ('done', 'superseded')) AS finished,
                to_char(min(period_from) FILTER (WHERE status = 'done'), 'YYYY-MM-DD') AS first_day,
                to_char(max(period_to) FILTER (WHERE status = 'done'), 'YYYY-MM-DD') AS last_day
           FROM import_batches`,
      );
      const lastDataDay = imports?.last_day ?? null;
      const warnings: DashboardWarningView[] = [];
      if (lastDataDay !== null && imports?.first_day) {
        const missing = await this.missingDays(tx, imports.first_day, lastDataDay);
        if (missing !== undefined) warnings.push(missing);
      }
      const failed = await this.failedImports(tx);
      if (failed !== undefined) warnings.push(failed);
      const waiting = await this.waitingRuns(tx);
      if (waiting !== undefined) warnings.push(waiting);
      if (lastDataDay !== null) {
        const age = daysInRange(lastDataDay, pragueToday()).length - 1;
        if (age > staleAfterDays)
          warnings.push({ code: 'DATA_OUTDATED', params: { days: age, lastDay: lastDataDay } });
      }
      return { importCount: Number(imports?.finished ?? 0), lastDataDay, warnings };
    });
  }

  /** Points with missing or partly measured days among the newest imported days. */
  private async missingDays(
    tx: TenantTransaction,
    firstDay: string,
    lastDay: string,
  ): Promise<DashboardWarningView | undefined> {
    const earliest = addDays(lastDay, -(MISSING_DAYS_WINDOW - 1));
    const from = firstDay > earliest ? firstDay : earliest;
    const points = pointsInPeriod(await tx.store(RegistryReader).points(), from, lastDay);
    const gaps = (await tx.store(DataCompleteness).ofPoints(points, from, lastDay))
      .map(({ point, days }) => ({
        point,
        count: days.filter((day) => day.status === 'missing' || day.status === 'partial').length,
      }))
      .filter((gap) => gap.count > 0)
      .sort((a, b) => b.count - a.count || a.point.ean.localeCompare(b.point.ean));
    if (gaps.length === 0) return undefined;
    return {
      code: 'MISSING_DAYS',
      params: {
        points: gaps.length,
        days: gaps.reduce((sum, gap) => sum + gap.count, 0),
        from,
        to: lastDay,
      },
      items: gaps.slice(0, ITEMS_PER_WARNING).map(({ point, count }): DashboardWarningItemView => ({
        id: point.ean,
        label: point.label ? `${point.ean} (${point.label})` : point.ean,
        count,
      })),
    };
  }

  /** Imports that failed after the newest successful one: a file someone still has to fix and upload again. */
  private async failedImports(tx: TenantTransaction): Promise<DashboardWarningView | undefined> {
    const rows = await tx.query<{ id: string; file_name: string; total: string }>(
      `SELECT id, file_name, count(*) OVER () AS total FROM import_batches
        WHERE status = 'failed'
          AND created_at > coalesce((SELECT max(created_at) FROM import_batches WHERE status = 'done'), '-infinity')
        ORDER BY created_at DESC LIMIT ${ITEMS_PER_WARNING}`,
    );
    if (rows.length === 0) return undefined;
    return {
      code: 'FAILED_IMPORTS',
      params: { count: Number(rows[0]?.total ?? rows.length) },
      items: rows.map((row) => ({ id: row.id, label: row.file_name })),
    };
  }

  /** Runs waiting for a person: a draft to approve (or whose computation failed), an approved run to finalise. */
  private async waitingRuns(tx: TenantTransaction): Promise<DashboardWarningView | undefined> {
    const rows = await tx.query<{ id: string; period: string; status: string }>(
      `SELECT id, period, status FROM settlement_runs
        WHERE status IN ('draft', 'approved') ORDER BY period`,
    );
    const first = rows[0];
    if (first === undefined) return undefined;
    return {
      code: 'DRAFT_SETTLEMENT',
      params: { count: rows.length, period: first.period },
      items: rows
        .slice(0, ITEMS_PER_WARNING)
        .map((row) => ({ id: row.id, label: row.period, period: row.period })),
    };
  }
}
