import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/** A Pohoda record id (předkontace, číselná řada): 1–19 characters, not blank. */
const POHODA_CODE = (column: string) =>
  `${column} text CHECK (length(${column}) BETWEEN 1 AND 19 AND ${column} ~ '\\S')`;

/**
 * The accounting export's settings per community (issue 20 item 5): the Pohoda accounting codes (předkontace:
 * the chart-of-accounts pair an invoice is booked to) and number series of issued and received documents.
 * No row: Pohoda's own defaults.
 */
export class StoreAccountingExportSettings1797000000000 implements MigrationInterface {
  name = 'StoreAccountingExportSettings1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE accounting_export_settings (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        ${POHODA_CODE('issued_accounting')},
        ${POHODA_CODE('received_accounting')},
        ${POHODA_CODE('issued_number_series')},
        ${POHODA_CODE('received_number_series')},
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id)
      )`,
      ...tenantSecuritySql('accounting_export_settings'),
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE accounting_export_settings`);
  }
}
