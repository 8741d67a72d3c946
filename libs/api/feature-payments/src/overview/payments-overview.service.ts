import { Injectable } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { AuditLog, CommunityAccess } from '@sdilna/api/data-access-registry';
import { DocumentStore, PaymentStore, paymentResponse } from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import { pragueToday } from '@sdilna/api/util-registry';
import { normalizeReminderSteps } from '@sdilna/shared/domain-payments';
import {
  moneyText,
  type DocumentKind,
  type DocumentPaymentRow,
  type PaymentOverviewResponse,
  type PaymentSettingsResponse,
  type PaymentSide,
  type PaymentStatusWord,
} from '@sdilna/shared/util-api-contract';

import { PaymentsException } from '../payments.exception';
import { documentParties } from './document-parties';
import { PaymentSettingsStore } from './payment-settings-store';

/** The administrator's view of what is owed: every document's payment state, filtered, with totals outstanding. */
@Injectable()
export class PaymentsOverviewService {
  constructor(
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
  ) {}

  async overview(
    principal: Principal,
    communityId: string,
    filter: { status?: PaymentStatusWord; side?: PaymentSide },
  ): Promise<PaymentOverviewResponse> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const records = await tx.store(DocumentStore).list();
      const states = await tx.store(PaymentStore).states(records, pragueToday());
      const parties = await documentParties(tx);
      let receivableOutstanding = 0;
      let receivableOverdue = 0;
      let payableOutstanding = 0;
      const rows: DocumentPaymentRow[] = [];
      for (const [index, record] of records.entries()) {
        const state = states[index];
        if (state === undefined) continue;
        if (state.side === 'receivable') {
          receivableOutstanding += state.outstanding;
          if (state.status === 'overdue') receivableOverdue += state.outstanding;
        }
        if (state.side === 'payable') payableOutstanding += state.outstanding;
        if (filter.status !== undefined && state.status !== filter.status) continue;
        if (filter.side !== undefined && state.side !== filter.side) continue;
        const party = parties.get(record.id);
        rows.push({
          documentId: record.id,
          number: record.number,
          kind: record.kind as DocumentKind,
          variableSymbol: record.variableSymbol,
          partyName: (state.side === 'payable' ? party?.sellerName : party?.buyerName) ?? '',
          issueDate: record.issueDate,
          gross: moneyText(record.gross),
          ...paymentResponse(state),
        });
      }
      return {
        documents: rows,
        totals: {
          receivableOutstanding: moneyText(receivableOutstanding),
          receivableOverdue: moneyText(receivableOverdue),
          payableOutstanding: moneyText(payableOutstanding),
          currency: 'CZK',
        },
      };
    });
  }

  async settings(principal: Principal, communityId: string): Promise<PaymentSettingsResponse> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      return { reminderDays: await tx.store(PaymentSettingsStore).reminderDays() };
    });
  }

  async saveSettings(
    principal: Principal,
    communityId: string,
    reminderDays: readonly number[],
  ): Promise<PaymentSettingsResponse> {
    let steps: number[];
    try {
      steps = normalizeReminderSteps(reminderDays);
    } catch (error) {
      throw new PaymentsException(
        'PAYMENT_SETTINGS_INVALID',
        error instanceof Error ? error.message : String(error),
      );
    }
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const store = tx.store(PaymentSettingsStore);
      const before = await store.reminderDays();
      await store.save(steps);
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'update',
        entity: 'payment-settings',
        entityId: communityId,
        before: { reminderDays: before },
        after: { reminderDays: steps },
      });
      return { reminderDays: steps };
    });
  }
}
