import type { TenantTransaction } from '@sdilna/api/data-access-db';
import type { LocalDate } from '@sdilna/shared/domain-core';
import type { SettlementDocument } from '@sdilna/shared/domain-settlement';

/** An issued internal recharge, or a corrective document of one, with the data as issued. */
export interface RechargeDocumentRecord {
  readonly id: string;
  readonly kind: 'internal-recharge' | 'corrective';
  readonly number: string;
  readonly issueDate: LocalDate;
  readonly periodFrom: LocalDate;
  readonly periodTo: LocalDate;
  readonly sellerId: string;
  readonly buyerId: string;
  /** the document as issued: its lines are what every recharge figure is summed from */
  readonly document: SettlementDocument;
}

/** A recharge's row as selected: named as the record names it. */
type RechargeRow = Omit<RechargeDocumentRecord, 'document'> & { body: SettlementDocument };

/**
 * The internal recharges a municipality issued (domain.md §6) and the corrective documents that correct them,
 * bound to one tenant transaction. Reads only: documents never change once issued.
 */
export class RechargeStore {
  constructor(private readonly tx: TenantTransaction) {}

  /**
   * Documents of `municipalityId` whose supply period starts in [fromDay, beforeDay): its recharges, and the
   * corrections of those (a correction keeps the original's issuer, parties and period, see
   * `buildCorrectiveDocument`; a municipality's corrected invoices of other kinds are not recharges and stay out).
   * Oldest period first, then in number order.
   */
  async issuedBy(
    municipalityId: string,
    fromDay: LocalDate,
    beforeDay: LocalDate,
  ): Promise<RechargeDocumentRecord[]> {
    const rows = await this.tx.query<RechargeRow>(
      `SELECT d.id, d.kind, d.number, d.issue_date::text AS "issueDate", d.period_from::text AS "periodFrom",
              d.period_to::text AS "periodTo", d.seller_id AS "sellerId", d.buyer_id AS "buyerId", d.body
         FROM documents d
        WHERE d.issuer_id = $1
          AND d.period_from >= $2::date AND d.period_from < $3::date
          AND (d.kind = 'internal-recharge'
               OR (d.kind = 'corrective'
                   AND EXISTS (SELECT 1 FROM documents o
                                WHERE o.id = d.corrects_document_id AND o.kind = 'internal-recharge')))
        ORDER BY d.period_from, d.series, d.year, d.sequence`,
      [municipalityId, fromDay, beforeDay],
    );
    return rows.map(({ body, ...record }) => ({ ...record, document: body }));
  }

  /** YYYY-MM of the newest supply period the municipality recharged, if any. */
  async newestMonth(municipalityId: string): Promise<string | undefined> {
    const rows = await this.tx.query<{ newest: string | null }>(
      `SELECT to_char(max(period_from), 'YYYY-MM') AS newest FROM documents
        WHERE issuer_id = $1 AND kind = 'internal-recharge'`,
      [municipalityId],
    );
    return rows[0]?.newest ?? undefined;
  }

  /** The municipalities the user keeps the books of in this community (its `municipality-accountant` roles). */
  async accountantOf(userId: string): Promise<string[]> {
    const rows = await this.tx.query<{ member_id: string }>(
      `SELECT member_id FROM memberships
        WHERE user_id = $1 AND role = 'municipality-accountant' AND member_id IS NOT NULL`,
      [userId],
    );
    return rows.map((row) => row.member_id);
  }
}
