import { Injectable } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { AuditLog, CommunityAccess } from '@sdilna/api/data-access-registry';
import { DocumentStore, PaymentStore, SettlementSettingsStore } from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import { pragueToday } from '@sdilna/api/util-registry';
import { aboAccountOf, writeAbo, writePain001, type PayoutItem } from '@sdilna/shared/domain-payments';
import { czechAccountToIban, isValidIban, normalizeIban } from '@sdilna/shared/domain-settlement';
import {
  moneyText,
  type PayoutCandidateResponse,
  type PayoutExportResponse,
  type PayoutRequest,
} from '@sdilna/shared/util-api-contract';

import { documentParties } from '../overview/document-parties';
import { PaymentsException } from '../payments.exception';

interface ExportRow {
  id: string;
  format: 'pain001' | 'abo';
  executionDate: string;
  total: string;
  createdAt: Date;
}

/**
 * Payouts to producers: a payment order (pain.001 or ABO) of the self-billed documents and credit notes the
 * community still owes. Each exported document is marked; the next order leaves it out unless asked to include
 * it (a lost file, an order the bank refused). A payment of the order shows on the statement as money out with
 * the document's variable symbol and is matched to it like any other entry.
 */
@Injectable()
export class PayoutsService {
  constructor(
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
  ) {}

  async create(
    principal: Principal,
    communityId: string,
    request: PayoutRequest,
  ): Promise<PayoutExportResponse> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 21))`, [`${communityId}:payouts`]);
      const settings = await tx.store(SettlementSettingsStore).get();
      if (settings.iban === null) {
        throw new PaymentsException(
          'PAYOUT_ACCOUNT_MISSING',
          'The community has no IBAN in its settlement settings; the payment order needs the account it pays from',
        );
      }
      const community = await tx.store(SettlementSettingsStore).community();
      const items = await this.items(tx, request);
      const today = pragueToday();
      const executionDate = request.executionDate ?? today;
      const createdAt = new Date().toISOString();
      const [numberRow] = await tx.query<{ n: string }>(`SELECT count(*) + 1 AS n FROM payout_exports`);
      const messageId = `SDILNA-${today.replaceAll('-', '')}-${numberRow?.n ?? '1'}`;
      const order = {
        messageId,
        createdAt,
        executionDate,
        debtorName: community?.name ?? 'Community',
        debtorIban: settings.iban,
        ...(settings.bic !== null ? { debtorBic: settings.bic } : {}),
        items,
      };
      let content: string;
      if (request.format === 'pain001') {
        content = writePain001(order);
      } else {
        if (aboAccountOf(settings.iban) === undefined) {
          throw new PaymentsException(
            'PAYOUT_ACCOUNT_MISSING',
            `ABO needs a Czech account; ${settings.iban} is not one`,
          );
        }
        const foreign = items.filter((item) => aboAccountOf(item.creditorIban) === undefined);
        if (foreign.length > 0) {
          throw new PaymentsException(
            'PAYOUT_ACCOUNT_MISSING',
            `ABO carries Czech accounts only: ${foreign.map((item) => `${item.creditorName} (${item.creditorIban})`).join(', ')}; export pain.001 instead`,
          );
        }
        content = writeAbo(order);
      }
      const total = items.reduce((sum, item) => sum + item.amount, 0);
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO payout_exports (community_id, format, due_date, total, content, created_by, created_at)
         VALUES ($1, $2, $3::date, $4, $5, $6, $7) RETURNING id`,
        [communityId, request.format, executionDate, total, content, principal.userId, createdAt],
      );
      const exportId = (row as { id: string }).id;
      for (const item of items) {
        await tx.query(
          `INSERT INTO payout_export_documents (community_id, export_id, document_id, amount) VALUES ($1, $2, $3, $4)`,
          [communityId, exportId, item.documentId, item.amount],
        );
      }
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'create',
        entity: 'payout',
        entityId: exportId,
        before: null,
        after: {
          format: request.format,
          executionDate,
          total: moneyText(total),
          documents: items.map((item) => item.documentNumber),
        },
      });
      return {
        id: exportId,
        format: request.format,
        executionDate,
        total: moneyText(total),
        createdAt,
        fileName: fileNameOf(request.format, executionDate, exportId),
        documents: items.map((item) => ({
          documentId: item.documentId,
          number: item.documentNumber,
          partyName: item.creditorName,
          amount: moneyText(item.amount),
        })),
      };
    });
  }

  /** What the community owes producers: payable documents with something outstanding, and where they are paid. */
  async candidates(principal: Principal, communityId: string): Promise<PayoutCandidateResponse[]> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const records = await tx.store(DocumentStore).list();
      const states = await tx.store(PaymentStore).states(records, pragueToday());
      const parties = await documentParties(tx);
      const accounts = await payeeAccounts(tx);
      const rows: PayoutCandidateResponse[] = [];
      for (const [index, record] of records.entries()) {
        const state = states[index];
        if (state === undefined || state.side !== 'payable' || state.outstanding <= 0) continue;
        const party = parties.get(record.id);
        const iban = accounts.get(record.sellerId) ?? party?.sellerIban ?? undefined;
        rows.push({
          documentId: record.id,
          number: record.number,
          kind: record.kind as PayoutCandidateResponse['kind'],
          variableSymbol: record.variableSymbol,
          memberId: record.sellerId,
          partyName: party?.sellerName ?? '',
          amount: moneyText(state.outstanding),
          dueDate: state.dueDate,
          exported: state.exported,
          ...(iban !== undefined ? { iban } : {}),
        });
      }
      return rows;
    });
  }

  /** Stores the account a producer is paid to (an IBAN, or a Czech account number turned into one); audited. */
  async saveAccount(
    principal: Principal,
    communityId: string,
    memberId: string,
    account: string,
  ): Promise<{ memberId: string; iban: string }> {
    let iban: string;
    try {
      iban = /\//.test(account) ? czechAccountToIban(account) : normalizeIban(account);
    } catch (error) {
      throw new PaymentsException(
        'PAYOUT_ACCOUNT_INVALID',
        error instanceof Error ? error.message : String(error),
      );
    }
    if (!isValidIban(iban)) {
      throw new PaymentsException(
        'PAYOUT_ACCOUNT_INVALID',
        `"${account}" is neither a valid IBAN nor a Czech account number/bank`,
      );
    }
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const [member] = await tx.query<{ id: string }>(`SELECT id FROM members WHERE id = $1`, [memberId]);
      if (!member) throw new PaymentsException('MEMBER_NOT_FOUND', 'No such member');
      const before = (await payeeAccounts(tx)).get(memberId) ?? null;
      await tx.query(
        `INSERT INTO payee_accounts (community_id, member_id, iban) VALUES ($1, $2, $3)
         ON CONFLICT (community_id, member_id) DO UPDATE SET iban = EXCLUDED.iban, updated_at = now()`,
        [communityId, memberId, iban],
      );
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'update',
        entity: 'member',
        entityId: memberId,
        before: { payoutIban: before },
        after: { payoutIban: iban },
      });
      return { memberId, iban };
    });
  }

  async list(principal: Principal, communityId: string): Promise<PayoutExportResponse[]> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const exports = await tx.query<ExportRow>(
        `SELECT id, format, due_date::text AS "executionDate", total, created_at AS "createdAt"
           FROM payout_exports ORDER BY created_at DESC`,
      );
      const documents = await tx.query<{
        exportId: string;
        documentId: string;
        number: string;
        partyName: string;
        amount: string;
      }>(
        `SELECT e.export_id AS "exportId", e.document_id AS "documentId", d.number,
                d.body->'seller'->>'name' AS "partyName", e.amount
           FROM payout_export_documents e JOIN documents d ON d.community_id = e.community_id AND d.id = e.document_id
          ORDER BY d.number`,
      );
      return exports.map((row) => ({
        id: row.id,
        format: row.format,
        executionDate: row.executionDate,
        total: moneyText(Number(row.total)),
        createdAt: row.createdAt.toISOString(),
        fileName: fileNameOf(row.format, row.executionDate, row.id),
        documents: documents
          .filter((document) => document.exportId === row.id)
          .map((document) => ({
            documentId: document.documentId,
            number: document.number,
            partyName: document.partyName,
            amount: moneyText(Number(document.amount)),
          })),
      }));
    });
  }

  async file(
    principal: Principal,
    communityId: string,
    exportId: string,
  ): Promise<{ fileName: string; content: string; contentType: string }> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const [row] = await tx.query<{ format: 'pain001' | 'abo'; executionDate: string; content: string }>(
        `SELECT format, due_date::text AS "executionDate", content FROM payout_exports WHERE id = $1`,
        [exportId],
      );
      if (!row) throw new PaymentsException('PAYOUT_NOT_FOUND', 'No such payout order');
      return {
        fileName: fileNameOf(row.format, row.executionDate, exportId),
        content: row.content,
        contentType:
          row.format === 'pain001' ? 'application/xml; charset=utf-8' : 'text/plain; charset=us-ascii',
      };
    });
  }

  /** The payable documents of the order with what each still owes and the producer's account. */
  private async items(tx: TenantTransaction, request: PayoutRequest): Promise<PayoutItem[]> {
    const records = await tx.store(DocumentStore).list();
    const states = await tx.store(PaymentStore).states(records, pragueToday());
    const parties = await documentParties(tx);
    const accounts = await payeeAccounts(tx);
    const asked = request.documentIds !== undefined ? new Set(request.documentIds) : undefined;
    if (asked !== undefined) {
      const known = new Set(records.map((record) => record.id));
      const unknown = [...asked].filter((id) => !known.has(id));
      if (unknown.length > 0)
        throw new PaymentsException('DOCUMENT_NOT_FOUND', `No such document: ${unknown.join(', ')}`);
    }
    const items: PayoutItem[] = [];
    const missing: string[] = [];
    for (const [index, record] of records.entries()) {
      const state = states[index];
      if (state === undefined || state.side !== 'payable' || state.outstanding <= 0) continue;
      if (asked !== undefined && !asked.has(record.id)) continue;
      if (state.exported && request.includeExported !== true) continue;
      const party = parties.get(record.id);
      const iban = accounts.get(record.sellerId) ?? party?.sellerIban ?? null;
      if (iban === null || !isValidIban(iban)) {
        missing.push(`${party?.sellerName ?? record.sellerId} (${record.number})`);
        continue;
      }
      items.push({
        documentId: record.id,
        documentNumber: record.number,
        variableSymbol: record.variableSymbol,
        creditorName: party?.sellerName ?? '',
        creditorIban: iban,
        amount: state.outstanding,
      });
    }
    if (missing.length > 0) {
      throw new PaymentsException(
        'PAYOUT_ACCOUNT_MISSING',
        `No bank account of ${missing.join(', ')}; enter the producer's account on the payouts page, or leave the document out`,
      );
    }
    if (items.length === 0) {
      throw new PaymentsException(
        'NOTHING_TO_PAY_OUT',
        asked !== undefined
          ? 'None of the documents is a self-billed document with something left to pay (or all are exported: includeExported)'
          : 'Every self-billed document is paid or exported already (includeExported exports them again)',
      );
    }
    items.sort((a, b) => (a.documentNumber < b.documentNumber ? -1 : 1));
    return items;
  }
}

async function payeeAccounts(tx: TenantTransaction): Promise<Map<string, string>> {
  const rows = await tx.query<{ memberId: string; iban: string }>(
    `SELECT member_id::text AS "memberId", iban FROM payee_accounts`,
  );
  return new Map(rows.map((row) => [row.memberId, row.iban]));
}

function fileNameOf(format: 'pain001' | 'abo', executionDate: string, id: string): string {
  return `payout-${executionDate}-${id.slice(0, 8)}.${format === 'pain001' ? 'xml' : 'kpc'}`;
}
