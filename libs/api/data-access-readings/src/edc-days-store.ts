import type { TenantTransaction } from '@sdilna/api/data-access-db';

import type { EdcCalculation, EdcReportKind } from '@sdilna/shared/domain-edc';

/** Report codes of `edc_days.report`. */
export const EDC_REPORT: Readonly<Record<EdcReportKind, 1 | 2>> = { standard: 1, pair: 2 };

/** One sharing group's day of one EDC report: which calculation its stored values come from. */
export interface EdcDayRow {
  readonly sharingGroupId: string;
  readonly day: string;
  readonly calculation: EdcCalculation;
}

/**
 * `edc_days`: per sharing group, Prague day and report whether the stored EDC values are preliminary (`daily`) or
 * final (`monthly`). Imports read it to keep a preliminary file from overwriting final values and write it for
 * the days they store; settlement reads it to name preliminary days.
 */
export class EdcDaysStore {
  constructor(private readonly tx: TenantTransaction) {}

  async load(
    report: EdcReportKind,
    groupIds: readonly string[] | undefined,
    from: string,
    to: string,
  ): Promise<EdcDayRow[]> {
    const rows: Array<{ g: string; d: string; c: EdcCalculation }> = await this.tx.query(
      `SELECT sharing_group_id AS g, day::text AS d, calculation AS c FROM edc_days
        WHERE report = $1 AND day BETWEEN $2::date AND $3::date
          AND ($4::uuid[] IS NULL OR sharing_group_id = ANY($4::uuid[]))
        ORDER BY day, sharing_group_id`,
      [EDC_REPORT[report], from, to, groupIds ?? null],
    );
    return rows.map((row) => ({ sharingGroupId: row.g, day: row.d, calculation: row.c }));
  }

  async mark(
    report: EdcReportKind,
    batchId: string,
    calculation: EdcCalculation,
    days: ReadonlyArray<{ readonly sharingGroupId: string; readonly day: string }>,
  ): Promise<void> {
    if (days.length === 0) return;
    await this.tx.query(
      `INSERT INTO edc_days (community_id, sharing_group_id, report, day, calculation, import_batch_id)
       SELECT $1::uuid, u.g, $2::int2, u.d, $3, $4::uuid FROM unnest($5::uuid[], $6::date[]) AS u(g, d)
       ON CONFLICT (community_id, sharing_group_id, report, day)
       DO UPDATE SET calculation = EXCLUDED.calculation, import_batch_id = EXCLUDED.import_batch_id`,
      [
        this.tx.communityId,
        EDC_REPORT[report],
        calculation,
        batchId,
        days.map((day) => day.sharingGroupId),
        days.map((day) => day.day),
      ],
    );
  }
}
