import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  amountDue,
  dueDateOf,
  paymentStatus,
  type DocumentSide,
  type PaymentStatus,
} from '@sdilna/shared/domain-payments';
import { COMMUNITY_PARTY_ID } from '@sdilna/shared/domain-settlement';
import { moneyText, type DocumentPaymentResponse } from '@sdilna/shared/util-api-contract';

import { DocumentStore } from './document-store';
import type { DocumentRecord } from './settlement-records';

export type PaymentSourceKind = 'bank' | 'card' | 'manual';

/** One booked payment of a document (card payments still open are not payments). */
export interface PaymentRecord {
  readonly id: string;
  readonly documentId: string;
  readonly source: PaymentSourceKind;
  readonly amount: number;
  readonly paidOn: string;
  readonly bankEntryId: string | null;
  /** a payment recorded by hand: what it was */
  readonly note: string | null;
}

/** A document's payment state, computed from its payments, its corrections and today's date. */
export interface DocumentPaymentState {
  readonly documentId: string;
  readonly side: DocumentSide;
  readonly status: PaymentStatus;
  readonly amountDue: number;
  readonly paid: number;
  readonly outstanding: number;
  readonly overpaid: number;
  readonly dueDate: string;
  readonly payments: readonly PaymentRecord[];
  readonly exported: boolean;
}

/** Whose money moves through the community's account for this document. */
export function sideOf(record: Pick<DocumentRecord, 'sellerId' | 'buyerId'>): DocumentSide {
  if (record.sellerId === COMMUNITY_PARTY_ID) return 'receivable';
  if (record.buyerId === COMMUNITY_PARTY_ID) return 'payable';
  return 'other';
}

/**
 * The one ledger of payments of documents (`document_payments`: card, bank and manual), bound to one tenant
 * transaction, and the payment state of documents read from it.
 */
export class PaymentStore {
  constructor(private readonly tx: TenantTransaction) {}

  /**
   * The community's documents a member owes money on after their due date (receivable, overdue, outstanding),
   * with that member: what the overdue-payment alert and the reminders read, by the one status rule of `states`.
   */
  async overdueReceivables(
    today: string,
  ): Promise<Array<{ record: DocumentRecord; state: DocumentPaymentState }>> {
    const records = await this.tx.store(DocumentStore).list();
    const states = await this.states(records, today);
    return records.flatMap((record, index) => {
      const state = states[index];
      if (state?.side !== 'receivable' || state.status !== 'overdue' || state.outstanding <= 0) return [];
      return [{ record, state }];
    });
  }

  async payments(documentIds?: readonly string[]): Promise<PaymentRecord[]> {
    const rows = await this.tx.query<{
      id: string;
      documentId: string;
      source: PaymentSourceKind;
      amount: string;
      paidOn: string;
      bankEntryId: string | null;
      note: string | null;
    }>(
      `SELECT p.id, p.document_id AS "documentId", p.source, p.amount,
              coalesce(e.booking_date::text, (p.paid_at AT TIME ZONE 'Europe/Prague')::date::text) AS "paidOn",
              p.bank_entry_id AS "bankEntryId", p.note
         FROM document_payments p
         LEFT JOIN bank_entries e ON e.community_id = p.community_id AND e.id = p.bank_entry_id
        WHERE p.status = 'paid' AND ($1::uuid[] IS NULL OR p.document_id = ANY($1))
        ORDER BY "paidOn", p.created_at`,
      [documentIds ?? null],
    );
    return rows.map((row) => ({ ...row, amount: Number(row.amount) }));
  }

  /** The gross of reducing corrective documents (stornos, credit differences) per corrected document. */
  async reductions(): Promise<Map<string, number>> {
    const rows = await this.tx.query<{ documentId: string; total: string }>(
      `SELECT corrects_document_id AS "documentId", sum(gross) AS total FROM documents
        WHERE corrects_document_id IS NOT NULL AND gross < 0 GROUP BY corrects_document_id`,
    );
    return new Map(rows.map((row) => [row.documentId, Number(row.total)]));
  }

  async exportedDocumentIds(): Promise<Set<string>> {
    const rows = await this.tx.query<{ documentId: string }>(
      `SELECT DISTINCT document_id AS "documentId" FROM payout_export_documents`,
    );
    return new Set(rows.map((row) => row.documentId));
  }

  /** The payment state of each record, in the records' order. */
  async states(records: readonly DocumentRecord[], today: string): Promise<DocumentPaymentState[]> {
    if (records.length === 0) return [];
    const ids = records.map((record) => record.id);
    // one transaction is one connection: the three reads run one after the other
    const payments = await this.payments(records.length > 200 ? undefined : ids);
    const reductions = await this.reductions();
    const exported = await this.exportedDocumentIds();
    const byDocument = new Map<string, PaymentRecord[]>();
    for (const payment of payments) {
      const list = byDocument.get(payment.documentId) ?? [];
      list.push(payment);
      byDocument.set(payment.documentId, list);
    }
    return records.map((record) => {
      const own = byDocument.get(record.id) ?? [];
      const due = amountDue({
        kind: record.kind,
        gross: record.gross,
        corrections: reductions.get(record.id) ?? 0,
      });
      const paid = own.reduce((sum, payment) => sum + payment.amount, 0);
      const dueDate = dueDateOf(record);
      return {
        documentId: record.id,
        side: sideOf(record),
        status: paymentStatus({ due, paid, dueDate, today }),
        amountDue: due,
        paid,
        outstanding: Math.max(0, due - paid),
        overpaid: Math.max(0, paid - due),
        dueDate,
        payments: own,
        exported: exported.has(record.id),
      };
    });
  }

  /** Books one payment; a bank entry pays at most one document (the unique key refuses a second). */
  async book(payment: {
    documentId: string;
    source: PaymentSourceKind;
    amount: number;
    bankEntryId?: string;
    assignedBy?: string | null;
    paidAt?: string;
    note?: string | null;
  }): Promise<string> {
    // a day is noon in Prague: the day stays the same in every time zone the date is read back in
    const [row] = await this.tx.query<{ id: string }>(
      `INSERT INTO document_payments (community_id, document_id, source, bank_entry_id, amount, currency, status,
                                      paid_at, assigned_by, note)
       VALUES ($1, $2, $3, $4, $5, 'CZK', 'paid',
               coalesce(($6::date + time '12:00') AT TIME ZONE 'Europe/Prague', now()), $7, $8)
       RETURNING id`,
      [
        this.tx.communityId,
        payment.documentId,
        payment.source,
        payment.bankEntryId ?? null,
        payment.amount,
        payment.paidAt ?? null,
        payment.assignedBy ?? null,
        payment.note ?? null,
      ],
    );
    return (row as { id: string }).id;
  }
}

/** A document's payment state as the API writes it. */
export function paymentResponse(state: DocumentPaymentState): DocumentPaymentResponse {
  return {
    status: state.status,
    side: state.side,
    amountDue: moneyText(state.amountDue),
    paid: moneyText(state.paid),
    outstanding: moneyText(state.outstanding),
    ...(state.overpaid > 0 ? { overpaid: moneyText(state.overpaid) } : {}),
    dueDate: state.dueDate,
    payments: state.payments.map((payment) => ({
      id: payment.id,
      source: payment.source,
      amount: moneyText(payment.amount),
      paidOn: payment.paidOn,
      ...(payment.bankEntryId !== null ? { bankEntryId: payment.bankEntryId } : {}),
      ...(payment.note !== null ? { note: payment.note } : {}),
    })),
    ...(state.side === 'payable' ? { exported: state.exported } : {}),
  };
}
