import type { TenantTransaction } from '@sdilna/api/data-access-db';
import type { SettlementMode } from '@sdilna/shared/domain-settlement';

import type { SettlementSettingsRecord, TaxPointRule } from './settlement-records';

export interface CommunityParty {
  readonly name: string;
  readonly type: string;
  readonly ico: string | null;
  readonly address: string | null;
}

/** The community's settlement settings (one row per community), bound to one tenant transaction. */
export class SettlementSettingsStore {
  constructor(private readonly tx: TenantTransaction) {}

  async get(): Promise<SettlementSettingsRecord> {
    const rows = await this.tx.query<{
      mode: SettlementMode;
      iban: string | null;
      bic: string | null;
      czech_account: string | null;
      due_days: number;
      dic: string | null;
      email: string | null;
      tax_point: TaxPointRule;
    }>(`SELECT mode, iban, bic, czech_account, due_days, dic, email, tax_point FROM settlement_settings`);
    const row = rows[0];
    if (!row) {
      const community = await this.community();
      // An active-customer group has no legal entity to invoice through: producers invoice consumers directly.
      const mode: SettlementMode = community?.type === 'active-customer' ? 'direct' : 'community-clearing';
      return {
        mode,
        iban: null,
        bic: null,
        czechAccount: null,
        dueDays: 14,
        dic: null,
        email: null,
        taxPoint: 'period-end',
        saved: false,
      };
    }
    return {
      mode: row.mode,
      iban: row.iban,
      bic: row.bic,
      czechAccount: row.czech_account,
      dueDays: row.due_days,
      dic: row.dic,
      email: row.email,
      taxPoint: row.tax_point,
      saved: true,
    };
  }

  async save(settings: Omit<SettlementSettingsRecord, 'saved'>): Promise<void> {
    await this.tx.query(
      `INSERT INTO settlement_settings (community_id, mode, iban, bic, czech_account, due_days, dic, email, tax_point)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (community_id) DO UPDATE SET mode = EXCLUDED.mode, iban = EXCLUDED.iban, bic = EXCLUDED.bic,
         czech_account = EXCLUDED.czech_account, due_days = EXCLUDED.due_days, dic = EXCLUDED.dic,
         email = EXCLUDED.email, tax_point = EXCLUDED.tax_point, updated_at = now()`,
      [
        this.tx.communityId,
        settings.mode,
        settings.iban,
        settings.bic,
        settings.czechAccount,
        settings.dueDays,
        settings.dic,
        settings.email,
        settings.taxPoint,
      ],
    );
  }

  /** The community's administrators with the language mail reaches them in (users.language), by e-mail. */
  async admins(): Promise<Array<{ email: string; language: string }>> {
    return this.tx.query(
      `SELECT u.email, u.language FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.role = 'community-admin' ORDER BY u.email`,
    );
  }

  /** The transaction's community as a party of documents (RLS shows only that one). */
  async community(): Promise<CommunityParty | undefined> {
    const rows = await this.tx.query<CommunityParty>(`SELECT name, type, ico, address FROM communities`);
    return rows[0];
  }
}
