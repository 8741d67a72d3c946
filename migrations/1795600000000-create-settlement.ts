import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * Settlement (issue 6): price lists, settlement runs with their lines and member summaries, issued documents with
 * gapless numbering, and billing (Stripe). Money is integer haléře (bigint), prices integer haléře per MWh,
 * energy integer 0.01 kWh, exactly as `@sdilna/shared/domain-settlement` computes them.
 *
 * Final runs, their lines and every issued document never change: triggers refuse UPDATE and DELETE of them for
 * the application role, so a bug or a hand-written SQL statement cannot rewrite an invoice. Corrections are new
 * corrective documents that reference the original.
 */
export class CreateSettlement1795600000000 implements MigrationInterface {
  name = 'CreateSettlement1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      // ---- community settings for documents ----------------------------------------------------------------
      `CREATE TABLE settlement_settings (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        mode text NOT NULL DEFAULT 'community-clearing' CHECK (mode IN ('community-clearing', 'direct')),
        iban text CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$'),
        bic text CHECK (bic ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$'),
        czech_account text CHECK (length(czech_account) <= 40),
        due_days integer NOT NULL DEFAULT 14 CHECK (due_days BETWEEN 0 AND 120),
        dic text CHECK (dic ~ '^[A-Z]{2}[0-9A-Z]{2,12}$'),
        email text CHECK (length(email) <= 320),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id)
      )`,

      // ---- price lists -------------------------------------------------------------------------------------
      `CREATE TABLE price_lists (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        valid_from date NOT NULL,
        valid_to date,
        vat_rate_bp integer NOT NULL DEFAULT 2100 CHECK (vat_rate_bp BETWEEN 0 AND 10000),
        seller_vat_payer boolean NOT NULL,
        margin_per_mwh bigint NOT NULL DEFAULT 0 CHECK (margin_per_mwh >= 0),
        bands jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(bands) = 'array'),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT price_lists_no_overlap EXCLUDE USING gist (
          community_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`,
      `CREATE TABLE price_list_rules (
        community_id uuid NOT NULL,
        price_list_id uuid NOT NULL,
        position integer NOT NULL CHECK (position >= 1),
        producer_ean text CHECK (producer_ean ~ '^8591824[0-9]{11}$'),
        consumer_ean text CHECK (consumer_ean ~ '^8591824[0-9]{11}$'),
        price_per_mwh bigint NOT NULL CHECK (price_per_mwh >= 0),
        band_prices jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(band_prices) = 'object'),
        PRIMARY KEY (community_id, price_list_id, position),
        FOREIGN KEY (community_id, price_list_id) REFERENCES price_lists (community_id, id) ON DELETE CASCADE
      )`,
      // the most specific rule wins, so each level (default, producer, consumer, pair) holds a target once
      `CREATE UNIQUE INDEX price_list_rules_target_key ON price_list_rules
        (community_id, price_list_id, coalesce(producer_ean, ''), coalesce(consumer_ean, ''))`,

      // ---- settlement runs ---------------------------------------------------------------------------------
      `CREATE TABLE settlement_runs (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        period_from date NOT NULL,
        period_to date NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'final')),
        compute_status text NOT NULL DEFAULT 'queued' CHECK (compute_status IN ('queued', 'running', 'done', 'failed')),
        mode text NOT NULL DEFAULT 'community-clearing' CHECK (mode IN ('community-clearing', 'direct')),
        community_vat_payer boolean NOT NULL DEFAULT false,
        shared_energy bigint NOT NULL DEFAULT 0,
        consumers_pay_net bigint NOT NULL DEFAULT 0,
        producers_receive_net bigint NOT NULL DEFAULT 0,
        community_margin_net bigint NOT NULL DEFAULT 0,
        warnings jsonb NOT NULL DEFAULT '[]',
        error jsonb,
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        requested_reason text NOT NULL DEFAULT 'manual' CHECK (requested_reason IN ('manual', 'schedule')),
        created_at timestamptz NOT NULL DEFAULT now(),
        computed_at timestamptz,
        approved_at timestamptz,
        approved_by uuid,
        finalized_at timestamptz,
        finalized_by uuid,
        PRIMARY KEY (community_id, id),
        UNIQUE (community_id, period),
        CHECK (period_to >= period_from),
        -- balance: consumers pay = producers receive + margin, always
        CHECK (consumers_pay_net = producers_receive_net + community_margin_net),
        CHECK (status = 'draft' OR compute_status = 'done')
      )`,
      `CREATE TABLE settlement_lines (
        community_id uuid NOT NULL,
        run_id uuid NOT NULL,
        position integer NOT NULL CHECK (position >= 1),
        line_key text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('community', 'direct', 'internal')),
        seller_id text NOT NULL,
        buyer_id text NOT NULL,
        issuer_id text NOT NULL,
        consumer_member_id uuid,
        producer_member_id uuid,
        price_list_id uuid NOT NULL,
        band_id text NOT NULL,
        band_label text NOT NULL,
        energy bigint NOT NULL CHECK (energy >= 0),
        unit_price bigint NOT NULL CHECK (unit_price >= 0),
        net bigint NOT NULL,
        seller_vat_payer boolean NOT NULL,
        vat_rate_bp integer NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000),
        vat bigint NOT NULL,
        gross bigint NOT NULL,
        metering_points text[] NOT NULL,
        PRIMARY KEY (community_id, run_id, position),
        UNIQUE (community_id, run_id, line_key),
        FOREIGN KEY (community_id, run_id) REFERENCES settlement_runs (community_id, id) ON DELETE CASCADE,
        CHECK (gross = net + vat)
      )`,
      `CREATE TABLE settlement_run_members (
        community_id uuid NOT NULL,
        run_id uuid NOT NULL,
        member_id uuid NOT NULL,
        received_energy bigint NOT NULL,
        supplied_energy bigint NOT NULL,
        own_shared_energy bigint NOT NULL,
        purchases_net bigint NOT NULL,
        purchases_vat bigint NOT NULL,
        purchases_gross bigint NOT NULL,
        sales_net bigint NOT NULL,
        sales_vat bigint NOT NULL,
        sales_gross bigint NOT NULL,
        consumer_saving bigint,
        producer_gain bigint,
        PRIMARY KEY (community_id, run_id, member_id),
        FOREIGN KEY (community_id, run_id) REFERENCES settlement_runs (community_id, id) ON DELETE CASCADE
      )`,

      // ---- documents ---------------------------------------------------------------------------------------
      // One row per (community, issuer, series, year): the finalising transaction locks it (FOR UPDATE), takes
      // the next numbers and stores the last one, so concurrent finalisations queue and numbers never skip.
      `CREATE TABLE document_counters (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        issuer_id text NOT NULL,
        series text NOT NULL CHECK (series ~ '^[A-Z][A-Z0-9]{0,9}$'),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
        last_sequence integer NOT NULL CHECK (last_sequence >= 0),
        PRIMARY KEY (community_id, issuer_id, series, year)
      )`,
      `CREATE TABLE documents (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL,
        run_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('invoice', 'self-billed-invoice', 'self-billed-credit-note', 'internal-recharge', 'corrective')),
        isdoc_type smallint NOT NULL CHECK (isdoc_type IN (1, 2, 3)),
        issuer_id text NOT NULL,
        series text NOT NULL,
        year integer NOT NULL,
        sequence integer NOT NULL CHECK (sequence >= 1),
        number text NOT NULL,
        variable_symbol text NOT NULL CHECK (variable_symbol ~ '^[1-9][0-9]{0,9}$'),
        issue_date date NOT NULL,
        due_date date NOT NULL,
        period_from date NOT NULL,
        period_to date NOT NULL,
        seller_id text NOT NULL,
        buyer_id text NOT NULL,
        net bigint NOT NULL,
        vat bigint NOT NULL,
        gross bigint NOT NULL,
        corrects_document_id uuid,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        UNIQUE (community_id, issuer_id, series, year, sequence),
        FOREIGN KEY (community_id, run_id) REFERENCES settlement_runs (community_id, id),
        FOREIGN KEY (community_id, corrects_document_id) REFERENCES documents (community_id, id),
        CHECK (gross = net + vat)
      )`,
      `CREATE INDEX documents_run_idx ON documents (community_id, run_id)`,
      `CREATE INDEX documents_buyer_idx ON documents (community_id, buyer_id)`,
      `CREATE INDEX documents_seller_idx ON documents (community_id, seller_id)`,

      // ---- immutability ------------------------------------------------------------------------------------
      `CREATE FUNCTION refuse_final_settlement_change() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          run_status text;
        BEGIN
          -- The schema owner keeps a way out (a court order, a deleted tenant); the application never does.
          IF current_user <> 'sdilna_app' THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
          END IF;
          IF TG_TABLE_NAME = 'settlement_runs' THEN
            IF OLD.status = 'final' THEN
              RAISE EXCEPTION 'settlement run % is final and cannot change', OLD.id
                USING ERRCODE = 'SD001', HINT = 'issue a corrective document instead';
            END IF;
            IF TG_OP = 'UPDATE' AND NEW.status = 'final' AND OLD.status <> 'approved' THEN
              RAISE EXCEPTION 'settlement run % must be approved before it is final', OLD.id USING ERRCODE = 'SD001';
            END IF;
          ELSIF TG_TABLE_NAME = 'documents' THEN
            RAISE EXCEPTION 'document % is issued and cannot change', OLD.number
              USING ERRCODE = 'SD001', HINT = 'issue a corrective document instead';
          ELSE
            SELECT status INTO run_status FROM settlement_runs
              WHERE community_id = CASE WHEN TG_OP = 'INSERT' THEN NEW.community_id ELSE OLD.community_id END
                AND id = CASE WHEN TG_OP = 'INSERT' THEN NEW.run_id ELSE OLD.run_id END;
            IF run_status IN ('final', 'approved') THEN
              RAISE EXCEPTION 'settlement run % is %; its lines cannot change',
                CASE WHEN TG_OP = 'INSERT' THEN NEW.run_id ELSE OLD.run_id END, run_status
                USING ERRCODE = 'SD001';
            END IF;
          END IF;
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$`,
      `CREATE TRIGGER settlement_runs_final BEFORE UPDATE OR DELETE ON settlement_runs
        FOR EACH ROW EXECUTE FUNCTION refuse_final_settlement_change()`,
      `CREATE TRIGGER settlement_lines_final BEFORE INSERT OR UPDATE OR DELETE ON settlement_lines
        FOR EACH ROW EXECUTE FUNCTION refuse_final_settlement_change()`,
      `CREATE TRIGGER settlement_run_members_final BEFORE INSERT OR UPDATE OR DELETE ON settlement_run_members
        FOR EACH ROW EXECUTE FUNCTION refuse_final_settlement_change()`,
      `CREATE TRIGGER documents_immutable BEFORE UPDATE OR DELETE ON documents
        FOR EACH ROW EXECUTE FUNCTION refuse_final_settlement_change()`,
      // A counter only moves forward and is never removed: a lower value would reissue a number.
      `CREATE FUNCTION refuse_counter_rewind() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF current_user = 'sdilna_app' AND (TG_OP = 'DELETE' OR NEW.last_sequence < OLD.last_sequence) THEN
            RAISE EXCEPTION 'document counter %/%/% cannot go back', OLD.issuer_id, OLD.series, OLD.year
              USING ERRCODE = 'SD001';
          END IF;
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$`,
      `CREATE TRIGGER document_counters_forward BEFORE UPDATE OR DELETE ON document_counters
        FOR EACH ROW EXECUTE FUNCTION refuse_counter_rewind()`,

      // ---- billing (Stripe) --------------------------------------------------------------------------------
      `CREATE TABLE billing_accounts (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        stripe_customer_id text,
        subscription_id text,
        subscription_status text,
        metering_points integer,
        current_period_end timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id)
      )`,
      // Every fulfilled webhook event once: a replayed event finds its id here and changes nothing.
      `CREATE TABLE stripe_events (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        event_id text NOT NULL CHECK (event_id ~ '^evt_'),
        type text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, event_id)
      )`,
      `CREATE TABLE document_payments (
        community_id uuid NOT NULL,
        document_id uuid NOT NULL,
        checkout_session_id text NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'paid')),
        created_at timestamptz NOT NULL DEFAULT now(),
        paid_at timestamptz,
        PRIMARY KEY (community_id, document_id, checkout_session_id),
        FOREIGN KEY (community_id, document_id) REFERENCES documents (community_id, id)
      )`,

      ...[
        'settlement_settings',
        'price_lists',
        'price_list_rules',
        'settlement_runs',
        'settlement_lines',
        'settlement_run_members',
        'document_counters',
        'documents',
        'billing_accounts',
        'stripe_events',
        'document_payments',
      ].flatMap(tenantSecuritySql),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP TABLE IF EXISTS document_payments`,
      `DROP TABLE IF EXISTS stripe_events`,
      `DROP TABLE IF EXISTS billing_accounts`,
      `DROP TABLE IF EXISTS documents`,
      `DROP TABLE IF EXISTS document_counters`,
      `DROP FUNCTION IF EXISTS refuse_counter_rewind()`,
      `DROP TABLE IF EXISTS settlement_run_members`,
      `DROP TABLE IF EXISTS settlement_lines`,
      `DROP TABLE IF EXISTS settlement_runs`,
      `DROP FUNCTION IF EXISTS refuse_final_settlement_change()`,
      `DROP TABLE IF EXISTS price_list_rules`,
      `DROP TABLE IF EXISTS price_lists`,
      `DROP TABLE IF EXISTS settlement_settings`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
