import { Injectable, Logger, Optional } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { ApiException } from '@sdilna/api/util-http';
import { JobProducer, withinDeadline } from '@sdilna/api/util-jobs';
import { pragueToday } from '@sdilna/api/util-registry';
import { addDays } from '@sdilna/shared/domain-core';

/**
 * Periods (issue 17, item 1): every dated registry row (price lists, point prices, points in a group with their
 * member, key versions, a group's request for iteration) can be ended, followed and scheduled ahead. This file
 * holds what every such change shares: the check of the period itself, the refusal to alter a month that has
 * final documents (corrections are their own flow), and the marks of the months whose stored sharing or draft
 * settlement the change makes out of date (item 2).
 */

export type PeriodErrorCode = 'INVALID_PERIOD' | 'PERIOD_HAS_FINAL_DOCUMENTS' | 'PERIOD_NOT_FOUND';

function statusOf(code: PeriodErrorCode): number {
  switch (code) {
    case 'PERIOD_NOT_FOUND':
      return 404;
    case 'PERIOD_HAS_FINAL_DOCUMENTS':
      return 409;
    case 'INVALID_PERIOD':
      return 422;
  }
}

export class PeriodException extends ApiException {
  readonly status: number;

  constructor(code: PeriodErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}

/** Days [from, to], both inclusive Prague dates; `to` null while open-ended. */
export interface DayRange {
  readonly from: string;
  readonly to: string | null;
}

/** What a change of a dated row touches: the days whose figures differ before and after it. */
export interface PeriodChange {
  /** what changed, for messages and the stale marks' reasons, e.g. `allocation key 2026-05-01..2026-05-31` */
  readonly what: string;
  readonly days: readonly DayRange[];
  /**
   * A change to a month with final documents is allowed only as a correction: the final run and its documents
   * stay, the month's settlement then reports `revised`, and a correction run re-bills the difference.
   */
  readonly asCorrection?: boolean;
  /** sharing: the engine's input changed (key, membership, iteration); prices: only the settlement's */
  readonly affects: 'sharing' | 'prices';
}

/** A 422 with nothing changed: a period that ends before it starts. */
export function checkPeriod(what: string, validFrom: string, validTo: string | null | undefined): void {
  if (validTo !== undefined && validTo !== null && validTo < validFrom) {
    throw new PeriodException(
      'INVALID_PERIOD',
      `${what}: validTo ${validTo} is before validFrom ${validFrom}; a period ends on or after the day it starts`,
      { validFrom, validTo },
    );
  }
}

/**
 * The days that differ when a period [from, oldTo] becomes [from, newTo] (null: open-ended): the days between
 * the two ends, or nothing when the end stays.
 */
export function daysBetweenEnds(oldTo: string | null, newTo: string | null): DayRange[] {
  if (oldTo === newTo) return [];
  if (oldTo === null) return [{ from: addDays(newTo as string, 1), to: null }];
  if (newTo === null) return [{ from: addDays(oldTo, 1), to: null }];
  return oldTo < newTo ? [{ from: addDays(oldTo, 1), to: newTo }] : [{ from: addDays(newTo, 1), to: oldTo }];
}

export interface FinalDocument {
  readonly id: string;
  readonly number: string;
  readonly runId: string;
  readonly period: string;
}

/** The months a change marked stale, `YYYY-MM`. */
export interface StaleMarks {
  readonly months: readonly string[];
  readonly drafts: number;
}

const rangeSql = `daterange($1::date, $2::date, '[]')`;

/**
 * The per-transaction part: the final-month check and the marks, in the change's own transaction so a refused
 * change marks nothing and an accepted one is never left unmarked.
 */
export class PeriodChangeStore {
  constructor(private readonly tx: TenantTransaction) {}

  /** Documents of final settlement runs whose month overlaps the range, oldest month first. */
  async finalDocuments(range: DayRange): Promise<FinalDocument[]> {
    return this.tx.query<FinalDocument>(
      `SELECT d.id, d.number, r.id AS "runId", r.period
         FROM settlement_runs r
         JOIN documents d ON d.community_id = r.community_id AND d.run_id = r.id
        WHERE r.status = 'final'
          AND daterange(r.period_from, r.period_to, '[]') && ${rangeSql}
        ORDER BY r.period, d.number`,
      [range.from, range.to],
    );
  }

  /**
   * Refuses the change (409, nothing changed) when a day it touches lies in a month with final documents, naming
   * them, unless it is made as a correction; then marks what it makes stale. Returns the marked months.
   */
  async apply(change: PeriodChange): Promise<StaleMarks> {
    const found = new Map<string, FinalDocument>();
    for (const range of change.days) {
      for (const document of await this.finalDocuments(range)) found.set(document.id, document);
    }
    if (found.size > 0 && change.asCorrection !== true) {
      const documents = [...found.values()];
      const months = [...new Set(documents.map((document) => document.period))].sort();
      throw new PeriodException(
        'PERIOD_HAS_FINAL_DOCUMENTS',
        `${change.what} would alter ${months.join(', ')}, settled with final documents ${documents
          .slice(0, 10)
          .map((document) => document.number)
          .join(
            ', ',
          )}${documents.length > 10 ? ` and ${documents.length - 10} more` : ''}; a final month changes only as a correction (asCorrection: true), which its correction run re-bills`,
        { months, documents },
      );
    }
    const months = new Set<string>();
    let drafts = 0;
    for (const range of change.days) {
      if (change.affects === 'sharing') {
        for (const month of await this.markSharingStale(range, change.what)) months.add(month);
      }
      drafts += await this.requeueDrafts(range);
    }
    return { months: [...months].sort(), drafts };
  }

  /**
   * Marks the months of the range, with the range's days in each (widening an earlier mark of the month), of any
   * age; an open end stops at today. `onlyWithData` (a registry change) keeps to the days EDC data exist for:
   * elsewhere there is nothing to recompute. A month marked again gets a new `marked_at`.
   */
  async markSharingStale(range: DayRange, reason: string, onlyWithData = true): Promise<string[]> {
    const to = range.to ?? pragueToday();
    if (to < range.from) return [];
    const days = onlyWithData
      ? `SELECT DISTINCT day FROM edc_days WHERE day BETWEEN $1::date AND $2::date`
      : `SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day`;
    const rows = await this.tx.query<{ month: string }>(
      `INSERT INTO stale_months (community_id, month, from_day, to_day, reasons)
       SELECT $3::uuid, date_trunc('month', d.day)::date, min(d.day), max(d.day), ARRAY[$4::text]
         FROM (${days}) d
        GROUP BY 2
       ON CONFLICT (community_id, month) DO UPDATE
         SET marked_at = clock_timestamp(),
             recomputing_since = NULL,
             from_day = least(stale_months.from_day, EXCLUDED.from_day),
             to_day = greatest(stale_months.to_day, EXCLUDED.to_day),
             reasons = (SELECT array_agg(DISTINCT r) FROM unnest(stale_months.reasons || EXCLUDED.reasons) r)
       RETURNING to_char(month, 'YYYY-MM') AS month`,
      [range.from, to, this.tx.communityId, reason.slice(0, 200)],
    );
    return rows.map((row) => row.month);
  }

  /**
   * Draft runs of the range's months are computed again (the queued-work sweep and the settlement job pick up a
   * `queued` draft), so a draft never keeps figures of superseded inputs. Approved and final runs stay.
   */
  async requeueDrafts(range: DayRange): Promise<number> {
    const rows = await this.tx.query<{ id: string }>(
      `UPDATE settlement_runs SET compute_status = 'queued'
        WHERE status = 'draft' AND compute_status IN ('done', 'failed')
          AND daterange(period_from, period_to, '[]') && ${rangeSql}
        RETURNING id`,
      [range.from, range.to],
    );
    return rows.length;
  }
}

/**
 * Job ids of the stale-month recompute: one per community, and one more behind a running one. Three parts:
 * BullMQ refuses a custom id with any other number of colons.
 */
export function staleRecomputeJobIds(communityId: string): readonly [string, string] {
  return [`recompute-stale:${communityId}:first`, `recompute-stale:${communityId}:next`];
}

/**
 * Enqueues the recompute of a community's stale months after the change committed: one job per community, a
 * second one only behind a running one (it may have read the marks before this change). Never fails the
 * request: the worker's queued-work sweep enqueues the same job for any community with stale months.
 */
@Injectable()
export class StaleRecompute {
  private readonly logger = new Logger('StaleRecompute');

  constructor(
    @Optional() private readonly jobs?: JobProducer,
    @Optional() private readonly db?: TenantDatabase,
  ) {}

  /** After a change committed: a recompute when a month waits for one (not yet started). */
  async request(communityId: string): Promise<void> {
    if (this.jobs === undefined || this.db === undefined) return;
    const waiting = await this.db.run(communityId, async (tx) => {
      const [row] = await tx.query<{ waiting: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM stale_months WHERE recomputing_since IS NULL) AS waiting`,
      );
      return row?.waiting === true;
    });
    if (!waiting) return;
    try {
      await withinDeadline(enqueueStaleRecompute(this.jobs, communityId));
    } catch (error) {
      this.logger.warn(
        `Recompute of stale months of ${communityId} left to the sweep: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** See StaleRecompute; shared with the worker's sweep. */
export async function enqueueStaleRecompute(jobs: JobProducer, communityId: string): Promise<void> {
  const queue = jobs.queue('sharing');
  for (const jobId of staleRecomputeJobIds(communityId)) {
    const existing = await queue.getJob(jobId);
    const state = existing ? await existing.getState() : 'unknown';
    if (state === 'active') continue;
    // A waiting or delayed job reads the marks when it starts, this change's included.
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
    if (existing) await existing.remove().catch(() => undefined);
    await jobs.enqueue('sharing.recompute-stale', { communityId }, jobId);
    return;
  }
}

/** One stale month: `YYYY-MM`, its stale days, when it was (last) marked, why, and since when a recompute works on it. */
export interface StaleMonth {
  readonly month: string;
  readonly fromDay: string;
  readonly toDay: string;
  /** exact text of `marked_at`: a recompute removes only the mark it saw */
  readonly markedAt: string;
  readonly reasons: readonly string[];
  readonly recomputingSince: string | null;
}

/** The stale months of one community (row-level security scopes every statement). */
export class StaleMonthsStore {
  constructor(private readonly tx: TenantTransaction) {}

  async list(): Promise<StaleMonth[]> {
    return this.tx.query<StaleMonth>(
      `SELECT to_char(month, 'YYYY-MM') AS month, from_day::text AS "fromDay", to_day::text AS "toDay",
              marked_at::text AS "markedAt", reasons,
              to_char(recomputing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recomputingSince"
         FROM stale_months ORDER BY month`,
    );
  }

  /** The marks whose stale days lie wholly inside [from, to]: a recompute of that range drains them. */
  async coveredBy(from: string, to: string): Promise<StaleMonth[]> {
    return (await this.list()).filter((mark) => from <= mark.fromDay && mark.toDay <= to);
  }

  async markRecomputing(months: readonly string[]): Promise<void> {
    await this.tx.query(
      `UPDATE stale_months SET recomputing_since = clock_timestamp()
        WHERE to_char(month, 'YYYY-MM') = ANY($1::text[])`,
      [months],
    );
  }

  /** Removes the given marks unless a change marked the month again meanwhile (`marked_at` moved on). */
  async clear(marks: readonly StaleMonth[]): Promise<void> {
    if (marks.length === 0) return;
    await this.tx.query(
      `DELETE FROM stale_months s
        USING unnest($1::text[], $2::timestamptz[]) AS u(month, marked_at)
        WHERE to_char(s.month, 'YYYY-MM') = u.month AND s.marked_at = u.marked_at`,
      [marks.map((mark) => mark.month), marks.map((mark) => mark.markedAt)],
    );
  }
}

/** The stale days of the marks as few ranges as possible (adjacent or overlapping ones joined): one recompute each. */
export function staleRanges(
  marks: ReadonlyArray<{ readonly fromDay: string; readonly toDay: string }>,
): Array<{ from: string; to: string }> {
  const ranges: Array<{ from: string; to: string }> = [];
  for (const mark of [...marks].sort((a, b) => (a.fromDay < b.fromDay ? -1 : 1))) {
    const last = ranges.at(-1);
    if (last !== undefined && mark.fromDay <= addDays(last.to, 1)) {
      if (mark.toDay > last.to) last.to = mark.toDay;
    } else ranges.push({ from: mark.fromDay, to: mark.toDay });
  }
  return ranges;
}
