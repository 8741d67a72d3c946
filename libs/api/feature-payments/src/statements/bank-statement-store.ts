import { createHash } from 'node:crypto';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import type { BankEntry, BankStatement } from '@sdilna/shared/domain-payments';

export interface StatementRecord {
  readonly id: string;
  readonly format: 'camt053' | 'gpc';
  readonly fileName: string;
  readonly account: string;
  readonly bankStatementId: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly entryCount: number;
  readonly newEntryCount: number;
  readonly uploadedAt: Date;
}

export interface EntryRecord {
  readonly id: string;
  readonly statementId: string;
  readonly direction: 'credit' | 'debit';
  readonly amount: number;
  readonly currency: string;
  readonly bookingDate: string;
  readonly variableSymbol: string | null;
  readonly constantSymbol: string | null;
  readonly specificSymbol: string | null;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly message: string | null;
  readonly bankReference: string | null;
  readonly documentId: string | null;
  readonly documentNumber: string | null;
  readonly assignedBy: string | null;
}

const STATEMENT_COLUMNS = `id, format, file_name AS "fileName", account, bank_statement_id AS "bankStatementId",
  from_date::text AS "from", to_date::text AS "to", entry_count AS "entryCount", new_entry_count AS "newEntryCount",
  uploaded_at AS "uploadedAt"`;

const ENTRY_SELECT = `SELECT e.id, e.statement_id AS "statementId", e.direction, e.amount, e.currency,
    e.booking_date::text AS "bookingDate", e.variable_symbol AS "variableSymbol", e.constant_symbol AS "constantSymbol",
    e.specific_symbol AS "specificSymbol", e.counterparty_name AS "counterpartyName",
    e.counterparty_account AS "counterpartyAccount", e.message, e.bank_reference AS "bankReference",
    p.document_id AS "documentId", d.number AS "documentNumber", p.assigned_by AS "assignedBy"
  FROM bank_entries e
  LEFT JOIN document_payments p ON p.community_id = e.community_id AND p.bank_entry_id = e.id
  LEFT JOIN documents d ON d.community_id = p.community_id AND d.id = p.document_id`;

/** The key the database keeps: a bank's reference as it is, a fingerprint as its SHA-256. */
export function storedKey(entry: BankEntry): string {
  return entry.key.startsWith('fp:')
    ? `sha256:${createHash('sha256').update(entry.key).digest('hex')}`
    : entry.key;
}

/** Uploaded statements and their entries, bound to one tenant transaction. */
export class BankStatementStore {
  constructor(private readonly tx: TenantTransaction) {}

  /** Serialises uploads of one community: two overlapping statements uploaded at once book each entry once. */
  async lock(): Promise<void> {
    await this.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 21))`, [
      `${this.tx.communityId}:bank-statements`,
    ]);
  }

  async findByHash(sha256: string): Promise<StatementRecord | undefined> {
    const rows = await this.tx.query<StatementRecord>(
      `SELECT ${STATEMENT_COLUMNS} FROM bank_statements WHERE file_sha256 = $1`,
      [sha256],
    );
    return rows[0];
  }

  async list(): Promise<StatementRecord[]> {
    return this.tx.query<StatementRecord>(
      `SELECT ${STATEMENT_COLUMNS} FROM bank_statements ORDER BY uploaded_at DESC`,
    );
  }

  /** The keys of `entries` already stored for the account. */
  async knownKeys(account: string, keys: readonly string[]): Promise<Set<string>> {
    const rows = await this.tx.query<{ key: string }>(
      `SELECT entry_key AS key FROM bank_entries WHERE account = $1 AND entry_key = ANY($2)`,
      [account, keys],
    );
    return new Set(rows.map((row) => row.key));
  }

  async insertStatement(statement: {
    parsed: BankStatement;
    fileName: string;
    sha256: string;
    newEntryCount: number;
    uploadedBy: string;
  }): Promise<StatementRecord> {
    const [row] = await this.tx.query<StatementRecord>(
      `INSERT INTO bank_statements (community_id, format, file_name, file_sha256, account, bank_statement_id,
          from_date, to_date, entry_count, new_entry_count, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8::date, $9, $10, $11)
       RETURNING ${STATEMENT_COLUMNS}`,
      [
        this.tx.communityId,
        statement.parsed.format,
        statement.fileName,
        statement.sha256,
        statement.parsed.account,
        statement.parsed.statementId ?? null,
        statement.parsed.from ?? null,
        statement.parsed.to ?? null,
        statement.parsed.entries.length,
        statement.newEntryCount,
        statement.uploadedBy,
      ],
    );
    return row as StatementRecord;
  }

  async insertEntry(statementId: string, account: string, entry: BankEntry): Promise<string> {
    const [row] = await this.tx.query<{ id: string }>(
      `INSERT INTO bank_entries (community_id, statement_id, account, entry_key, direction, amount, currency,
          booking_date, variable_symbol, constant_symbol, specific_symbol, counterparty_name, counterparty_account,
          message, bank_reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9, $10, $11, $12, $13, $14, $15)
       RETURNING id`,
      [
        this.tx.communityId,
        statementId,
        account,
        storedKey(entry),
        entry.direction,
        entry.amount,
        entry.currency,
        entry.bookingDate,
        entry.variableSymbol ?? null,
        entry.constantSymbol ?? null,
        entry.specificSymbol ?? null,
        entry.counterpartyName ?? null,
        entry.counterpartyAccount ?? null,
        entry.message ?? null,
        entry.bankReference ?? null,
      ],
    );
    return (row as { id: string }).id;
  }

  async entries(
    filter: { unmatched?: boolean; statementId?: string; entryId?: string } = {},
  ): Promise<EntryRecord[]> {
    const rows = await this.tx.query<EntryRecord & { amount: string }>(
      `${ENTRY_SELECT}
        WHERE ($1::boolean IS NOT TRUE OR p.id IS NULL)
          AND ($2::uuid IS NULL OR e.statement_id = $2)
          AND ($3::uuid IS NULL OR e.id = $3)
        ORDER BY e.booking_date DESC, e.id`,
      [filter.unmatched ?? null, filter.statementId ?? null, filter.entryId ?? null],
    );
    return rows.map((row) => ({ ...row, amount: Number(row.amount) }));
  }

  /** Locks one entry for its assignment (two administrators assigning it at once: the second waits and sees it). */
  async lockEntry(entryId: string): Promise<void> {
    await this.tx.query(`SELECT 1 FROM bank_entries WHERE id = $1 FOR UPDATE`, [entryId]);
  }
}
