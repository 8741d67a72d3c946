import { Injectable } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { AuditLog, CommunityAccess } from '@sdilna/api/data-access-registry';
import { DocumentStore, PaymentStore, paymentResponse } from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import { pragueToday } from '@sdilna/api/util-registry';
import { parseCzk } from '@sdilna/shared/domain-core';
import { normalizeReminderSteps } from '@sdilna/shared/domain-payments';
import {
  moneyText,
  type DocumentKind,
  type DocumentPaymentResponse,
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

  /**
   * Records a payment by hand (cash, a transfer to an account Sdílna reads no statements of): the amount, the day
   * and a note; audited. Answers the document's payment state with it.
   */
  async recordManual(
    principal: Principal,
    communityId: string,
    documentId: string,
    input: { amount: string; paidOn: string; note?: string },
  ): Promise<DocumentPaymentResponse> {
    const amount = parseCzk(input.amount);
    const today = pragueToday();
    if (input.paidOn > today) {
      throw new PaymentsException(
        'MANUAL_PAYMENT_INVALID',
        `paidOn ${input.paidOn} is in the future; a payment is recorded once it was made (today is ${today})`,
      );
    }
    const note = input.note?.trim() || null;
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const found = await tx.store(DocumentStore).find(documentId);
      if (!found) throw new PaymentsException('DOCUMENT_NOT_FOUND', `No document ${documentId}`);
      const payments = tx.store(PaymentStore);
      const paymentId = await payments.book({
        documentId,
        source: 'manual',
        amount,
        assignedBy: principal.userId,
        paidAt: input.paidOn,
        note,
      });
      const [state] = await payments.states([found.record], today);
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'create',
        entity: 'document-payment',
        entityId: paymentId,
        before: null,
        after: {
          documentId,
          documentNumber: found.record.number,
          source: 'manual',
          amount: moneyText(amount),
          paidOn: input.paidOn,
          note,
          status: state?.status,
        },
      });
      return paymentResponse(state as NonNullable<typeof state>);
    });
  }

  /** Takes back a payment recorded by hand (a mistake); audited. Bank and card payments are not taken back here. */
  async removeManual(
    principal: Principal,
    communityId: string,
    documentId: string,
    paymentId: string,
  ): Promise<DocumentPaymentResponse> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const found = await tx.store(DocumentStore).find(documentId);
      if (!found) throw new PaymentsException('DOCUMENT_NOT_FOUND', `No document ${documentId}`);
      const payments = tx.store(PaymentStore);
      const payment = (await payments.payments([documentId])).find((row) => row.id === paymentId);
      if (payment?.source !== 'manual') {
        throw new PaymentsException(
          'PAYMENT_NOT_FOUND',
          `Document ${found.record.number} has no payment ${paymentId} recorded by hand`,
        );
      }
      await tx.query(`DELETE FROM document_payments WHERE id = $1 AND document_id = $2`, [
        paymentId,
        documentId,
      ]);
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'delete',
        entity: 'document-payment',
        entityId: paymentId,
        before: {
          documentId,
          documentNumber: found.record.number,
          source: 'manual',
          amount: moneyText(payment.amount),
          paidOn: payment.paidOn,
          note: payment.note,
        },
        after: null,
      });
      const [state] = await payments.states([found.record], pragueToday());
      return paymentResponse(state as NonNullable<typeof state>);
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
