import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { DataCompleteness, RegistryReader, isValidOn } from '@sdilna/api/data-access-readings';
import { PaymentStore } from '@sdilna/api/data-access-settlement';
import { addDays, type LocalDate, pragueDateOf } from '@sdilna/shared/domain-core';

import { ADMIN_ALERT, type Alert } from './alerts-store';

/**
 * Days after a month's end by which EDC's data of the month should be complete (EDC publishes the month's final
 * calculation in the first days of the next month); a point still incomplete then is a data gap.
 */
export const DATA_GAP_GRACE_DAYS = 5;

/** How far back the scan looks for failed imports, discrepancies and documents (older ones were told of before). */
export const SCAN_DAYS = 35;

/** The month (YYYY-MM) whose data should be complete by `today`: the last one ended `DATA_GAP_GRACE_DAYS` ago. */
export function monthDueBy(today: LocalDate): string {
  return previousMonthOf(addDays(today, -DATA_GAP_GRACE_DAYS));
}

function previousMonthOf(date: LocalDate): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

function lastDay(month: string): LocalDate {
  const year = Number(month.slice(0, 4));
  const next = Number(month.slice(5, 7));
  return addDays(next === 12 ? `${year + 1}-01-01` : `${year}-${String(next + 1).padStart(2, '0')}-01`, -1);
}

/** Whether `month`'s data should be complete by `today` (its end plus the grace days has passed). */
export function isMonthDue(month: string, today: LocalDate): boolean {
  return addDays(lastDay(month), DATA_GAP_GRACE_DAYS) <= today;
}

/**
 * Data gaps: every point registered in `month` with a day that is not complete (missing, partial or preliminary),
 * one alert per point and month.
 */
export async function dataGapAlerts(tx: TenantTransaction, month: string): Promise<Alert[]> {
  const from = `${month}-01`;
  const to = lastDay(month);
  const points = (await tx.store(RegistryReader).points()).filter(
    (point) => point.validFrom <= to && (point.validTo === null || point.validTo >= from),
  );
  if (points.length === 0) return [];
  const completeness = await tx.store(DataCompleteness).ofPoints(points, from, to);
  return completeness.flatMap(({ point, days }) => {
    const gaps = days.filter((day) => day.status !== 'complete' && isValidOn(point, day.date));
    if (gaps.length === 0) return [];
    return [
      {
        kind: 'data-gap' as const,
        key: `data-gap:${point.id}:${month}`,
        params: { ean: point.ean, month, days: gaps.length },
        audience: ADMIN_ALERT,
      },
    ];
  });
}

/** Imports that failed (each batch once). */
export async function failedImportAlerts(tx: TenantTransaction, since: Date): Promise<Alert[]> {
  const rows = await tx.query<{ id: string; file_name: string }>(
    `SELECT id, file_name FROM import_batches WHERE status = 'failed' AND created_at >= $1 ORDER BY created_at`,
    [since],
  );
  return rows.map((row) => ({
    kind: 'import-failed' as const,
    key: `import-failed:${row.id}`,
    params: { fileName: row.file_name },
    audience: ADMIN_ALERT,
  }));
}

/**
 * Discrepancies between EDC's shared energy and the key's (point and pair level), one alert per month that has
 * any: a month with discrepancies is one thing to look into, however many intervals differ.
 */
export async function discrepancyAlerts(tx: TenantTransaction, sinceDay: LocalDate): Promise<Alert[]> {
  const rows = await tx.query<{ month: string; intervals: number }>(
    `SELECT to_char(day, 'YYYY-MM') AS month, count(*)::int AS intervals FROM (
       SELECT day FROM reading_discrepancies WHERE day >= $1
       UNION ALL SELECT day FROM pair_discrepancies WHERE day >= $1
     ) d GROUP BY 1 ORDER BY 1`,
    [sinceDay],
  );
  return rows.map((row) => ({
    kind: 'discrepancy' as const,
    key: `discrepancy:${row.month}`,
    params: { month: row.month, intervals: row.intervals },
    audience: ADMIN_ALERT,
  }));
}

/** Draft settlement runs that are computed and wait for an administrator's approval (each run once). */
export async function draftWaitingAlerts(tx: TenantTransaction): Promise<Alert[]> {
  const rows = await tx.query<{ id: string; period: string }>(
    `SELECT id, period FROM settlement_runs WHERE status = 'draft' AND compute_status = 'done' ORDER BY period`,
  );
  return rows.map((row) => ({
    kind: 'draft-waiting' as const,
    key: `draft-waiting:${row.id}`,
    params: { period: row.period },
    audience: ADMIN_ALERT,
  }));
}

/** Documents issued to or by a member (each document once, to the member's logins). */
export async function newDocumentAlerts(tx: TenantTransaction, since: Date): Promise<Alert[]> {
  const rows = await tx.query<{ id: string; number: string; member_id: string }>(
    `SELECT d.id, d.number, m.id AS member_id
       FROM documents d JOIN members m ON m.id::text IN (d.buyer_id, d.seller_id)
      WHERE d.created_at >= $1 ORDER BY d.created_at, d.number`,
    [since],
  );
  return rows.map((row) => ({
    kind: 'new-document' as const,
    key: `new-document:${row.id}:${row.member_id}`,
    params: { number: row.number },
    audience: { admins: false, memberId: row.member_id },
  }));
}

/** A document past its due date and not paid, as the payments feature knows it. */
export interface OverduePayment {
  readonly documentId: string;
  readonly number: string;
  readonly memberId: string;
  readonly dueDate: LocalDate;
}

/**
 * Where overdue payments come from: by default the stored payment status (`STORED_OVERDUE_PAYMENTS`); a test
 * provides `OVERDUE_PAYMENTS` with its own.
 */
export interface OverduePaymentsSource {
  overdue(tx: TenantTransaction, today: LocalDate): Promise<readonly OverduePayment[]>;
}

export const OVERDUE_PAYMENTS = Symbol('OVERDUE_PAYMENTS');

export const NO_OVERDUE_PAYMENTS: OverduePaymentsSource = { overdue: async () => [] };

/**
 * The stored documents a member owes money on after their due date, by the one payment-status rule of
 * data-access-settlement (`PaymentStore.states`: bank, card and manual payments against what is due), the same
 * the payments page and the reminders read.
 */
export const STORED_OVERDUE_PAYMENTS: OverduePaymentsSource = {
  async overdue(tx, today) {
    return (await tx.store(PaymentStore).overdueReceivables(today)).map(({ record, state }) => ({
      documentId: record.id,
      number: record.number,
      memberId: record.buyerId,
      dueDate: state.dueDate,
    }));
  },
};

export async function overduePaymentAlerts(
  tx: TenantTransaction,
  source: OverduePaymentsSource,
  today: LocalDate,
): Promise<Alert[]> {
  return (await source.overdue(tx, today)).map((payment) => ({
    kind: 'overdue-payment' as const,
    key: `overdue-payment:${payment.documentId}`,
    params: { number: payment.number, dueDate: payment.dueDate },
    audience: { admins: true, memberId: payment.memberId },
  }));
}

/** Every alert of the community at `now`. */
export async function allAlerts(
  tx: TenantTransaction,
  overdue: OverduePaymentsSource,
  now: number,
): Promise<Alert[]> {
  const today = pragueDateOf(now);
  const since = new Date(now - SCAN_DAYS * 86_400_000);
  return [
    ...(await dataGapAlerts(tx, monthDueBy(today))),
    ...(await failedImportAlerts(tx, since)),
    ...(await discrepancyAlerts(tx, addDays(today, -SCAN_DAYS))),
    ...(await draftWaitingAlerts(tx)),
    ...(await newDocumentAlerts(tx, since)),
    ...(await overduePaymentAlerts(tx, overdue, today)),
  ];
}
