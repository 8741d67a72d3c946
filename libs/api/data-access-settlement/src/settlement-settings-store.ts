import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { SettlementMode } from '@sdilna/shared/domain-settlement';

import type { SettlementSettingsRecord } from './settlement-records';

export interface CommunityParty {
  readonly name: string;
  readonly type: string;
  readonly ico: string | null;
  readonly address: string | null;
}

@Injectable()
export class SettlementSettingsStore {
  async get(manager: EntityManager, communityId: string): Promise<SettlementSettingsRecord> {
    const rows: Array<{
      mode: SettlementMode;
      iban: string | null;
      bic: string | null;
      czech_account: string | null;
      due_days: number;
      dic: string | null;
      email: string | null;
    }> = await manager.query(
      `SELECT mode, iban, bic, czech_account, due_days, dic, email FROM settlement_settings WHERE community_id = $1`,
      [communityId],
    );
    const row = rows[0];
    if (!row) {
      const community = await this.community(manager, communityId);
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
      saved: true,
    };
  }

  async save(
    manager: EntityManager,
    communityId: string,
    settings: Omit<SettlementSettingsRecord, 'saved'>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO settlement_settings (community_id, mode, iban, bic, czech_account, due_days, dic, email)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (community_id) DO UPDATE SET mode = EXCLUDED.mode, iban = EXCLUDED.iban, bic = EXCLUDED.bic,
         czech_account = EXCLUDED.czech_account, due_days = EXCLUDED.due_days, dic = EXCLUDED.dic,
         email = EXCLUDED.email, updated_at = now()`,
      [
        communityId,
        settings.mode,
        settings.iban,
        settings.bic,
        settings.czechAccount,
        settings.dueDays,
        settings.dic,
        settings.email,
      ],
    );
  }

  async community(manager: EntityManager, communityId: string): Promise<CommunityParty | undefined> {
    const rows: CommunityParty[] = await manager.query(
      `SELECT name, type, ico, address FROM communities WHERE community_id = $1`,
      [communityId],
    );
    return rows[0];
  }
}
