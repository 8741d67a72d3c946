import type { TenantTransaction } from '@sdilna/api/data-access-db';
import type { VatStatus, VatStatusPeriod } from '@sdilna/shared/domain-settlement';

interface Row {
  member_id?: string;
  valid_from: string;
  status: VatStatus;
  dic?: string | null;
}

function periodOf(row: Row): VatStatusPeriod {
  return {
    validFrom: row.valid_from,
    status: row.status,
    ...(row.dic !== undefined && row.dic !== null ? { dic: row.dic } : {}),
  };
}

/**
 * The dated VAT statuses of the community and its members (issue 20), bound to one tenant transaction. Histories
 * come ordered by `validFrom`; writing one replaces the whole history of that party.
 */
export class VatStatusStore {
  constructor(private readonly tx: TenantTransaction) {}

  async communityHistory(): Promise<VatStatusPeriod[]> {
    const rows = await this.tx.query<Row>(
      `SELECT valid_from::text, status FROM community_vat_statuses ORDER BY valid_from`,
    );
    return rows.map(periodOf);
  }

  async replaceCommunityHistory(history: readonly VatStatusPeriod[]): Promise<void> {
    await this.tx.query(`DELETE FROM community_vat_statuses`);
    for (const row of history) {
      await this.tx.query(
        `INSERT INTO community_vat_statuses (community_id, valid_from, status) VALUES ($1, $2, $3)`,
        [this.tx.communityId, row.validFrom, row.status],
      );
    }
  }

  /** Every member's history, by member id (members without rows are absent: non-payers). */
  async memberHistories(): Promise<Map<string, VatStatusPeriod[]>> {
    const rows = await this.tx.query<Row & { member_id: string }>(
      `SELECT member_id, valid_from::text, status, dic FROM member_vat_statuses ORDER BY member_id, valid_from`,
    );
    const histories = new Map<string, VatStatusPeriod[]>();
    for (const row of rows)
      histories.set(row.member_id, [...(histories.get(row.member_id) ?? []), periodOf(row)]);
    return histories;
  }

  async memberHistory(memberId: string): Promise<VatStatusPeriod[]> {
    const rows = await this.tx.query<Row>(
      `SELECT valid_from::text, status, dic FROM member_vat_statuses WHERE member_id = $1 ORDER BY valid_from`,
      [memberId],
    );
    return rows.map(periodOf);
  }

  async replaceMemberHistory(memberId: string, history: readonly VatStatusPeriod[]): Promise<void> {
    await this.tx.query(`DELETE FROM member_vat_statuses WHERE member_id = $1`, [memberId]);
    for (const row of history) {
      await this.tx.query(
        `INSERT INTO member_vat_statuses (community_id, member_id, valid_from, status, dic) VALUES ($1, $2, $3, $4, $5)`,
        [this.tx.communityId, memberId, row.validFrom, row.status, row.dic ?? null],
      );
    }
  }
}
