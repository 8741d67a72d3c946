import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * Bank statements, the payments of documents, reminders and payouts (issue 21).
 *
 * - `bank_statements`: every uploaded camt.053 or ABO/GPC file once (by its SHA-256).
 * - `bank_entries`: every booked entry once per account, keyed by the bank's own reference (AcctSvcrRef, the GPC
 *   transaction id) or a stable hash of the entry: an overlapping statement adds only the entries not yet seen.
 * - `document_payments` (created for card payments) becomes the one ledger of payments of a document, with its
 *   `source`: 'card' (a Stripe checkout session), 'bank' (one statement entry, never booked twice) or 'manual'.
 *   Stripe Connect (issue 21 item 5, another migration of the same issue) may have added `source` already, limited
 *   to 'card': then the column stays and only its check is widened; a comment on the check remembers which, so
 *   `down` restores exactly what was there.
 * - `payment_reminders`: one row per (document, step): a step is mailed at most once.
 * - `payout_exports` and their documents: a self-billed document exported into a payment order is marked.
 * - `payment_settings`: the reminder steps (days after the due date) of a community.
 * - `payee_accounts`: the account a producer is paid to (members had none; documents name only the community's).
 */
/** What the comment on `document_payments_source_check` says: the column was there before, or this added it. */
const WIDENED = 'widened: source was card only';
const ADDED = 'added with bank statements';

export class TrackPaymentsOfDocuments1797100000000 implements MigrationInterface {
  name = 'TrackPaymentsOfDocuments1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE bank_statements (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        format text NOT NULL CHECK (format IN ('camt053', 'gpc')),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        account text NOT NULL,
        bank_statement_id text,
        from_date date,
        to_date date,
        entry_count integer NOT NULL CHECK (entry_count >= 0),
        new_entry_count integer NOT NULL CHECK (new_entry_count >= 0 AND new_entry_count <= entry_count),
        uploaded_by uuid,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        UNIQUE (community_id, file_sha256)
      )`,
      `CREATE TABLE bank_entries (
        community_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        statement_id uuid NOT NULL,
        account text NOT NULL,
        entry_key text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('credit', 'debit')),
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        booking_date date NOT NULL,
        variable_symbol text,
        constant_symbol text,
        specific_symbol text,
        counterparty_name text,
        counterparty_account text,
        message text,
        bank_reference text,
        PRIMARY KEY (community_id, id),
        UNIQUE (community_id, account, entry_key),
        FOREIGN KEY (community_id, statement_id) REFERENCES bank_statements (community_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX bank_entries_statement_idx ON bank_entries (community_id, statement_id)`,

      `ALTER TABLE document_payments ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()`,
      `ALTER TABLE document_payments ADD COLUMN bank_entry_id uuid`,
      `ALTER TABLE document_payments ADD COLUMN assigned_by uuid`,
      `ALTER TABLE document_payments DROP CONSTRAINT document_payments_pkey`,
      `ALTER TABLE document_payments ADD PRIMARY KEY (community_id, id)`,
      `ALTER TABLE document_payments ALTER COLUMN checkout_session_id DROP NOT NULL`,
      `ALTER TABLE document_payments ADD CONSTRAINT document_payments_checkout_key
        UNIQUE (community_id, document_id, checkout_session_id)`,
      `ALTER TABLE document_payments ADD CONSTRAINT document_payments_bank_entry_key
        UNIQUE (community_id, bank_entry_id)`,
      `ALTER TABLE document_payments ADD CONSTRAINT document_payments_bank_entry_fkey
        FOREIGN KEY (community_id, bank_entry_id) REFERENCES bank_entries (community_id, id)`,
      `ALTER TABLE document_payments ADD CONSTRAINT document_payments_source_check_bank
        CHECK ((source = 'bank') = (bank_entry_id IS NOT NULL))`,
      `CREATE INDEX document_payments_document_idx ON document_payments (community_id, document_id)`,

      `CREATE TABLE payment_settings (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        reminder_days integer[] NOT NULL DEFAULT '{7,21}'
          CHECK (cardinality(reminder_days) <= 5 AND 0 < ALL (reminder_days) AND 366 > ALL (reminder_days)),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id)
      )`,
      `CREATE TABLE payment_reminders (
        community_id uuid NOT NULL,
        document_id uuid NOT NULL,
        step integer NOT NULL CHECK (step > 0),
        sent_to text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, document_id, step),
        FOREIGN KEY (community_id, document_id) REFERENCES documents (community_id, id)
      )`,
      `CREATE TABLE payout_exports (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        format text NOT NULL CHECK (format IN ('pain001', 'abo')),
        due_date date NOT NULL,
        total bigint NOT NULL CHECK (total > 0),
        content text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id)
      )`,
      `CREATE TABLE payout_export_documents (
        community_id uuid NOT NULL,
        export_id uuid NOT NULL,
        document_id uuid NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        PRIMARY KEY (community_id, export_id, document_id),
        FOREIGN KEY (community_id, export_id) REFERENCES payout_exports (community_id, id) ON DELETE CASCADE,
        FOREIGN KEY (community_id, document_id) REFERENCES documents (community_id, id)
      )`,
      `CREATE TABLE payee_accounts (
        community_id uuid NOT NULL,
        member_id uuid NOT NULL,
        iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$'),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, member_id),
        FOREIGN KEY (community_id, member_id) REFERENCES members (community_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX payout_export_documents_document_idx ON payout_export_documents (community_id, document_id)`,
      ...[
        'bank_statements',
        'bank_entries',
        'payment_settings',
        'payment_reminders',
        'payout_exports',
        'payout_export_documents',
        'payee_accounts',
      ].flatMap(tenantSecuritySql),
    ];
    const hadSource = await this.hasSource(queryRunner);
    for (const statement of [
      hadSource
        ? `ALTER TABLE document_payments DROP CONSTRAINT IF EXISTS document_payments_source_check`
        : `ALTER TABLE document_payments ADD COLUMN source text NOT NULL DEFAULT 'card'`,
      `ALTER TABLE document_payments ADD CONSTRAINT document_payments_source_check
        CHECK (source IN ('bank', 'card', 'manual'))`,
      `COMMENT ON CONSTRAINT document_payments_source_check ON document_payments IS '${hadSource ? WIDENED : ADDED}'`,
      ...statements,
    ]) {
      await queryRunner.query(statement);
    }
  }

  private async hasSource(queryRunner: QueryRunner): Promise<boolean> {
    const rows = (await queryRunner.query(
      `SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'document_payments' AND column_name = 'source'`,
    )) as unknown[];
    return rows.length > 0;
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const [check] = (await queryRunner.query(
      `SELECT obj_description(oid, 'pg_constraint') AS note FROM pg_constraint
        WHERE conname = 'document_payments_source_check' AND conrelid = 'document_payments'::regclass`,
    )) as Array<{ note: string | null }>;
    const widened = check?.note === WIDENED;
    for (const statement of [
      `DROP TABLE payee_accounts`,
      `DROP TABLE payout_export_documents`,
      `DROP TABLE payout_exports`,
      `DROP TABLE payment_reminders`,
      `DROP TABLE payment_settings`,
      // what only the new columns can hold has no place in the card-only table
      `DELETE FROM document_payments WHERE source <> 'card'`,
      `DROP INDEX document_payments_document_idx`,
      `ALTER TABLE document_payments DROP CONSTRAINT document_payments_source_check_bank`,
      `ALTER TABLE document_payments DROP CONSTRAINT document_payments_bank_entry_fkey`,
      `ALTER TABLE document_payments DROP CONSTRAINT document_payments_bank_entry_key`,
      `ALTER TABLE document_payments DROP CONSTRAINT document_payments_checkout_key`,
      `ALTER TABLE document_payments ALTER COLUMN checkout_session_id SET NOT NULL`,
      `ALTER TABLE document_payments DROP CONSTRAINT document_payments_pkey`,
      `ALTER TABLE document_payments ADD PRIMARY KEY (community_id, document_id, checkout_session_id)`,
      `ALTER TABLE document_payments DROP COLUMN assigned_by`,
      `ALTER TABLE document_payments DROP COLUMN bank_entry_id`,
      `ALTER TABLE document_payments DROP CONSTRAINT document_payments_source_check`,
      widened
        ? `ALTER TABLE document_payments ADD CONSTRAINT document_payments_source_check CHECK (source = 'card')`
        : `ALTER TABLE document_payments DROP COLUMN source`,
      `ALTER TABLE document_payments DROP COLUMN id`,
      `DROP TABLE bank_entries`,
      `DROP TABLE bank_statements`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
