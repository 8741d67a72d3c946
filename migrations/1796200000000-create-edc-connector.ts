import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * The EDC portal connector (issue 14, docs/edc.md): one row per community that stored its representative's EDC
 * credentials. The credentials are one AES-256-GCM envelope (`v1:<keyId>:<iv>:<tag>:<ciphertext>`, base64) that
 * only the application can open; the table never holds them in clear, and DELETE wipes the row. The mapping of EDC
 * groups to Sdílna groups uses `sharing_groups.edc_group_id`, which already exists (one EDC id per Sdílna group).
 *
 * The worker schedules one nightly run per enabled connector; it asks `edc_connector_communities()` (SECURITY
 * DEFINER, ids only) which communities those are, as it cannot read across tenants.
 */
export class CreateEdcConnector1796200000000 implements MigrationInterface {
  name = 'CreateEdcConnector1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE edc_connectors (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        credentials text NOT NULL CHECK (credentials ~ '^v1:[A-Za-z0-9_-]{1,20}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$'),
        credentials_key_id text NOT NULL,
        username_masked text NOT NULL CHECK (length(username_masked) BETWEEN 1 AND 200),
        consent_by uuid REFERENCES users (id) ON DELETE SET NULL,
        consent_at timestamptz NOT NULL,
        credentials_set_at timestamptz NOT NULL DEFAULT now(),
        night_minute smallint NOT NULL CHECK (night_minute BETWEEN 0 AND 1439),
        last_run_at timestamptz,
        last_success_at timestamptz,
        last_error text CHECK (length(last_error) <= 2000),
        last_error_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
        failure_notified_at timestamptz,
        progress jsonb CHECK (progress IS NULL OR jsonb_typeof(progress) = 'object'),
        PRIMARY KEY (community_id)
      )`,
      ...tenantSecuritySql('edc_connectors'),
      // Months whose final (monthly) calculation was imported: the nightly run fetches each once, and daily
      // (preliminary) fetches never reach back into them.
      `CREATE TABLE edc_connector_final_months (
        community_id uuid NOT NULL REFERENCES edc_connectors (community_id) ON DELETE CASCADE,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        fetched_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, month)
      )`,
      ...tenantSecuritySql('edc_connector_final_months'),
      `CREATE FUNCTION edc_connector_communities() RETURNS TABLE (community_id uuid, night_minute smallint)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT community_id, night_minute FROM edc_connectors ORDER BY community_id
        $$`,
      `REVOKE ALL ON FUNCTION edc_connector_communities() FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION edc_connector_communities() TO sdilna_app`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP FUNCTION IF EXISTS edc_connector_communities()`,
      `DROP TABLE IF EXISTS edc_connector_final_months`,
      `DROP TABLE IF EXISTS edc_connectors`,
    ])
      await queryRunner.query(statement);
  }
}
