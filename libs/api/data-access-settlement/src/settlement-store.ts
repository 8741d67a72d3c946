import type { TenantTransaction } from '@sdilna/api/data-access-db';
import type {
  SettlementLine,
  SettlementMode,
  SettlementResult,
  SettlementChannel,
} from '@sdilna/shared/domain-settlement';
import { type SettlementWarning, settlementWarning } from '@sdilna/shared/domain-settlement';

import type {
  ComputeStatus,
  DataGapRecord,
  RunMemberRecord,
  RunRequestReason,
  SettlementRunRecord,
} from './settlement-records';

/**
 * A run's row as selected by RUN_COLUMNS: named as the record names it; energy and money (numeric) come as text, and
 * findings stored before runs kept codes as English sentences.
 */
type RunRow = Omit<
  SettlementRunRecord,
  | 'sharedEnergy'
  | 'consumersPayNet'
  | 'producersReceiveNet'
  | 'communityMarginNet'
  | 'communityOutputVat'
  | 'communityInputVat'
  | 'communityNonDeductibleVat'
  | 'warnings'
> & {
  sharedEnergy: string;
  consumersPayNet: string;
  producersReceiveNet: string;
  communityMarginNet: string;
  communityOutputVat: string | null;
  communityInputVat: string | null;
  communityNonDeductibleVat: string | null;
  warnings: Array<SettlementWarning | string>;
};

const RUN_COLUMNS = `id, community_id AS "communityId", period, kind, corrects_run_id AS "correctsRunId",
  correction_reason AS "correctionReason", period_from::text AS "periodFrom", period_to::text AS "periodTo", status,
  compute_status AS "computeStatus", mode, community_vat_payer AS "communityVatPayer", shared_energy AS "sharedEnergy",
  consumers_pay_net AS "consumersPayNet", producers_receive_net AS "producersReceiveNet",
  community_margin_net AS "communityMarginNet", community_output_vat AS "communityOutputVat",
  community_input_vat AS "communityInputVat", community_non_deductible_vat AS "communityNonDeductibleVat", warnings, error, requested_reason AS "requestedReason",
  settled_anyway AS "settledAnyway", created_at AS "createdAt", computed_at AS "computedAt", approved_at AS "approvedAt", finalized_at AS "finalizedAt"`;

/** Rows per INSERT of lines: 13 parameters as arrays, so any count is one statement per batch. */
const LINE_BATCH = 5000;

function toRun(row: RunRow): SettlementRunRecord {
  return {
    ...row,
    sharedEnergy: Number(row.sharedEnergy),
    consumersPayNet: Number(row.consumersPayNet),
    producersReceiveNet: Number(row.producersReceiveNet),
    communityMarginNet: Number(row.communityMarginNet),
    communityOutputVat: row.communityOutputVat === null ? null : Number(row.communityOutputVat),
    communityInputVat: row.communityInputVat === null ? null : Number(row.communityInputVat),
    communityNonDeductibleVat:
      row.communityNonDeductibleVat === null ? null : Number(row.communityNonDeductibleVat),
    warnings: row.warnings.map((warning) =>
      typeof warning === 'string' ? settlementWarning('NOTE', {}, warning) : warning,
    ),
  };
}

/**
 * Settlement runs, their lines and member summaries as plain SQL, bound to one tenant transaction
 * (`tx.store(SettlementStore)`): row-level security scopes every statement to the transaction's community.
 */
export class SettlementStore {
  constructor(private readonly tx: TenantTransaction) {}

  /** Serialises everything that changes one community's run of one period (request, compute, finalise). */
  async lockPeriod(period: string): Promise<void> {
    await this.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 6))`, [
      `${this.tx.communityId}:${period}`,
    ]);
  }

  async find(runId: string, forUpdate = false): Promise<SettlementRunRecord | undefined> {
    const rows = await this.tx.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM settlement_runs WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [runId],
    );
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** The month's original run (its corrections are `ofPeriod`). */
  async findByPeriod(period: string): Promise<SettlementRunRecord | undefined> {
    const rows = await this.tx.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM settlement_runs WHERE period = $1 AND kind = 'original'`,
      [period],
    );
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** Every run of the month, the original first, then its corrections in the order they were requested. */
  async ofPeriod(period: string): Promise<SettlementRunRecord[]> {
    const rows = await this.tx.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM settlement_runs WHERE period = $1
        ORDER BY kind = 'correction', created_at, id`,
      [period],
    );
    return rows.map(toRun);
  }

  async list(): Promise<SettlementRunRecord[]> {
    const rows = await this.tx.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM settlement_runs ORDER BY period DESC, kind = 'correction', created_at`,
    );
    return rows.map(toRun);
  }

  async create(input: {
    period: string;
    from: string;
    to: string;
    requestedBy: string | null;
    reason: RunRequestReason;
    /** a correction run: the final run it corrects and why */
    correction?: { correctsRunId: string; reason: string };
    /** the data gaps the administrator accepted by settling anyway */
    settledAnyway?: readonly DataGapRecord[];
  }): Promise<SettlementRunRecord> {
    const rows = await this.tx.query<RunRow>(
      `INSERT INTO settlement_runs (community_id, period, period_from, period_to, requested_by, requested_reason, kind,
          corrects_run_id, correction_reason, settled_anyway)
       VALUES ($1, $2, $3::date, $4::date, $5, $6, $7, $8, $9, $10::jsonb) RETURNING ${RUN_COLUMNS}`,
      [
        this.tx.communityId,
        input.period,
        input.from,
        input.to,
        input.requestedBy,
        input.reason,
        input.correction ? 'correction' : 'original',
        input.correction?.correctsRunId ?? null,
        input.correction?.reason ?? null,
        input.settledAnyway ? JSON.stringify(input.settledAnyway) : null,
      ],
    );
    return toRun(rows[0] as RunRow);
  }

  /** A draft goes back to the queue: its numbers will be recomputed from current data. */
  async requeue(
    runId: string,
    requestedBy: string | null,
    correctionReason?: string,
  ): Promise<SettlementRunRecord> {
    const result: unknown = await this.tx.query(
      `UPDATE settlement_runs SET status = 'draft', compute_status = 'queued', error = NULL, approved_at = NULL,
              approved_by = NULL, requested_by = coalesce($2, requested_by),
              correction_reason = CASE WHEN kind = 'correction' THEN coalesce($3, correction_reason) END
        WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
      [runId, requestedBy, correctionReason ?? null],
    );
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as RunRow[];
    return toRun(rows[0] as RunRow);
  }

  async setComputeStatus(
    runId: string,
    status: ComputeStatus,
    error: { code: string; message: string } | null = null,
  ): Promise<void> {
    await this.tx.query(
      `UPDATE settlement_runs SET compute_status = $2, error = $3::jsonb WHERE id = $1 AND status = 'draft'`,
      [runId, status, error === null ? null : JSON.stringify(error)],
    );
  }

  /** Replaces a draft's lines and member summaries with a new result, in the caller's transaction. */
  async replaceResult(
    runId: string,
    result: SettlementResult,
    meta: { mode: SettlementMode; communityVatPayer: boolean },
  ): Promise<void> {
    const communityId = this.tx.communityId;
    await this.tx.query(`DELETE FROM settlement_lines WHERE run_id = $1`, [runId]);
    await this.tx.query(`DELETE FROM settlement_run_members WHERE run_id = $1`, [runId]);
    for (let start = 0; start < result.lines.length; start += LINE_BATCH) {
      const batch = result.lines.slice(start, start + LINE_BATCH);
      const memberOrNull = (id: string | undefined): string | null => (id === undefined ? null : id);
      await this.tx.query(
        `INSERT INTO settlement_lines (community_id, run_id, position, line_key, channel, seller_id, buyer_id, issuer_id,
            consumer_member_id, producer_member_id, price_list_id, band_id, band_label, energy, unit_price, net,
            seller_vat_payer, vat_rate_bp, vat, gross, metering_points)
         SELECT $1::uuid, $2::uuid, u.pos, u.k, u.ch, u.s, u.b, u.i, u.cm, u.pm, u.pl, u.bi, u.bl, u.e, u.up, u.n, u.svp,
                u.vr, u.v, u.g, string_to_array(u.mp, ',')
           FROM unnest($3::int4[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::uuid[],
                       $11::uuid[], $12::text[], $13::text[], $14::int8[], $15::int8[], $16::int8[], $17::bool[],
                       $18::int4[], $19::int8[], $20::int8[], $21::text[])
             AS u(pos, k, ch, s, b, i, cm, pm, pl, bi, bl, e, up, n, svp, vr, v, g, mp)`,
        [
          communityId,
          runId,
          batch.map((_, index) => start + index + 1),
          batch.map((line) => line.id),
          batch.map((line) => line.channel),
          batch.map((line) => line.sellerId),
          batch.map((line) => line.buyerId),
          batch.map((line) => line.issuerId),
          batch.map((line) => memberOrNull(line.consumerMemberId)),
          batch.map((line) => memberOrNull(line.producerMemberId)),
          batch.map((line) => line.priceListId),
          batch.map((line) => line.bandId),
          batch.map((line) => line.bandLabel),
          batch.map((line) => line.energy),
          batch.map((line) => line.unitPrice),
          batch.map((line) => line.net),
          batch.map((line) => line.sellerVatPayer),
          batch.map((line) => line.vatRate),
          batch.map((line) => line.vat),
          batch.map((line) => line.gross),
          batch.map((line) => line.meteringPoints.join(',')),
        ],
      );
    }
    const members = result.members.filter(
      (m) =>
        m.receivedEnergy !== 0 ||
        m.suppliedEnergy !== 0 ||
        m.ownSharedEnergy !== 0 ||
        m.purchases.gross !== 0 ||
        m.sales.gross !== 0,
    );
    if (members.length > 0) {
      await this.tx.query(
        `INSERT INTO settlement_run_members (community_id, run_id, member_id, received_energy, supplied_energy,
            own_shared_energy, purchases_net, purchases_vat, purchases_gross, sales_net, sales_vat, sales_gross,
            consumer_saving, producer_gain)
         SELECT $1::uuid, $2::uuid, u.* FROM unnest($3::uuid[], $4::int8[], $5::int8[], $6::int8[], $7::int8[], $8::int8[],
            $9::int8[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::int8[]) AS u`,
        [
          communityId,
          runId,
          members.map((m) => m.memberId),
          members.map((m) => m.receivedEnergy),
          members.map((m) => m.suppliedEnergy),
          members.map((m) => m.ownSharedEnergy),
          members.map((m) => m.purchases.net),
          members.map((m) => m.purchases.vat),
          members.map((m) => m.purchases.gross),
          members.map((m) => m.sales.net),
          members.map((m) => m.sales.vat),
          members.map((m) => m.sales.gross),
          members.map((m) => m.consumerSaving ?? null),
          members.map((m) => m.producerGain ?? null),
        ],
      );
    }
    await this.tx.query(
      `UPDATE settlement_runs SET compute_status = 'done', error = NULL, computed_at = now(), mode = $2,
              community_vat_payer = $3, shared_energy = $4, consumers_pay_net = $5, producers_receive_net = $6,
              community_margin_net = $7, warnings = $8::jsonb, community_output_vat = $9, community_input_vat = $10,
              community_non_deductible_vat = $11
        WHERE id = $1`,
      [
        runId,
        meta.mode,
        meta.communityVatPayer,
        result.totals.sharedEnergy,
        result.totals.consumersPayNet,
        result.totals.producersReceiveNet,
        result.totals.communityMarginNet,
        JSON.stringify(result.warnings),
        result.totals.communityOutputVat,
        result.totals.communityInputVat,
        result.totals.communityNonDeductibleVat,
      ],
    );
  }

  async lines(runId: string): Promise<SettlementLine[]> {
    const rows = await this.tx.query<{
      line_key: string;
      channel: SettlementChannel;
      seller_id: string;
      buyer_id: string;
      issuer_id: string;
      consumer_member_id: string | null;
      producer_member_id: string | null;
      price_list_id: string;
      band_id: string;
      band_label: string;
      energy: string;
      unit_price: string;
      net: string;
      seller_vat_payer: boolean;
      vat_rate_bp: number;
      vat: string;
      gross: string;
      metering_points: string[];
    }>(
      `SELECT line_key, channel, seller_id, buyer_id, issuer_id, consumer_member_id, producer_member_id, price_list_id,
              band_id, band_label, energy, unit_price, net, seller_vat_payer, vat_rate_bp, vat, gross, metering_points
         FROM settlement_lines WHERE run_id = $1 ORDER BY position`,
      [runId],
    );
    return rows.map((row) => ({
      id: row.line_key,
      channel: row.channel,
      sellerId: row.seller_id,
      buyerId: row.buyer_id,
      issuerId: row.issuer_id,
      ...(row.consumer_member_id !== null ? { consumerMemberId: row.consumer_member_id } : {}),
      ...(row.producer_member_id !== null ? { producerMemberId: row.producer_member_id } : {}),
      priceListId: row.price_list_id,
      bandId: row.band_id,
      bandLabel: row.band_label,
      energy: Number(row.energy),
      unitPrice: Number(row.unit_price),
      net: Number(row.net),
      sellerVatPayer: row.seller_vat_payer,
      vatRate: row.vat_rate_bp,
      vat: Number(row.vat),
      gross: Number(row.gross),
      meteringPoints: row.metering_points,
    }));
  }

  async members(runId: string): Promise<RunMemberRecord[]> {
    const rows = await this.tx.query<Record<string, string | null> & { member_id: string }>(
      `SELECT * FROM settlement_run_members WHERE run_id = $1 ORDER BY member_id`,
      [runId],
    );
    const num = (value: string | null | undefined): number => Number(value ?? 0);
    return rows.map((row) => ({
      memberId: row.member_id,
      receivedEnergy: num(row['received_energy']),
      suppliedEnergy: num(row['supplied_energy']),
      ownSharedEnergy: num(row['own_shared_energy']),
      purchases: {
        net: num(row['purchases_net']),
        vat: num(row['purchases_vat']),
        gross: num(row['purchases_gross']),
      },
      sales: { net: num(row['sales_net']), vat: num(row['sales_vat']), gross: num(row['sales_gross']) },
      consumerSaving:
        row['consumer_saving'] === null || row['consumer_saving'] === undefined
          ? null
          : Number(row['consumer_saving']),
      producerGain:
        row['producer_gain'] === null || row['producer_gain'] === undefined
          ? null
          : Number(row['producer_gain']),
    }));
  }

  /** Draft runs waiting for computation, oldest first (the queued-work sweep). */
  async queuedRuns(): Promise<Array<{ id: string; period: string; scheduled: boolean }>> {
    return this.tx.query(
      `SELECT id, period, requested_reason = 'schedule' AS scheduled FROM settlement_runs
        WHERE status = 'draft' AND compute_status = 'queued' ORDER BY created_at`,
    );
  }

  /** Whether the run is still a draft waiting for computation. */
  async stillQueued(runId: string): Promise<boolean> {
    const [row] = await this.tx.query<{ waiting: boolean }>(
      `SELECT status = 'draft' AND compute_status = 'queued' AS waiting FROM settlement_runs WHERE id = $1`,
      [runId],
    );
    return row?.waiting === true;
  }

  /** Days of [from, to] checked complete and final (nothing preliminary, partial or missing). */
  async finalDays(from: string, to: string): Promise<number> {
    const [state] = await this.tx.query<{ final_days: number }>(
      `SELECT count(*) FILTER (WHERE preliminary = 0 AND partial = 0 AND missing = 0 AND complete > 0)::int AS final_days
         FROM completeness_checks WHERE day BETWEEN $1::date AND $2::date`,
      [from, to],
    );
    return state?.final_days ?? 0;
  }

  async approve(runId: string, userId: string): Promise<void> {
    await this.tx.query(
      `UPDATE settlement_runs SET status = 'approved', approved_at = now(), approved_by = $2 WHERE id = $1`,
      [runId, userId],
    );
  }

  async markFinal(runId: string, userId: string): Promise<void> {
    await this.tx.query(
      `UPDATE settlement_runs SET status = 'final', finalized_at = now(), finalized_by = $2 WHERE id = $1`,
      [runId, userId],
    );
  }
}
