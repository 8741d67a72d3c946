import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-billing of a final month after revised data (issue 17): a month keeps its one original run and gains
 * correction runs (`kind = 'correction'`), each correcting the month's latest final run (`corrects_run_id`).
 * The database guarantees what the service checks: one original run per month, one open correction per month,
 * and a final run is corrected at most once (so two parallel corrections cannot both bill the same change).
 * A document may now be corrected by several corrective documents (one per correction run); the storno of a
 * whole document (issued in the original's run) stays once per document.
 */
export class RebillRevisedMonths1796760000000 implements MigrationInterface {
  name = 'RebillRevisedMonths1796760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE settlement_runs
         ADD COLUMN kind text NOT NULL DEFAULT 'original' CHECK (kind IN ('original', 'correction')),
         ADD COLUMN corrects_run_id uuid,
         ADD COLUMN correction_reason text,
         ADD CONSTRAINT settlement_runs_corrects_run_fkey FOREIGN KEY (community_id, corrects_run_id)
           REFERENCES settlement_runs (community_id, id),
         ADD CONSTRAINT settlement_runs_correction_check CHECK ((kind = 'correction') = (corrects_run_id IS NOT NULL))`,
      `ALTER TABLE settlement_runs DROP CONSTRAINT settlement_runs_community_id_period_key`,
      `CREATE UNIQUE INDEX settlement_runs_one_original_key ON settlement_runs (community_id, period)
         WHERE kind = 'original'`,
      `CREATE UNIQUE INDEX settlement_runs_one_open_correction_key ON settlement_runs (community_id, period)
         WHERE kind = 'correction' AND status <> 'final'`,
      `CREATE UNIQUE INDEX settlement_runs_corrected_once_key ON settlement_runs (community_id, corrects_run_id)
         WHERE corrects_run_id IS NOT NULL`,
      `DROP INDEX documents_one_correction_key`,
      `CREATE UNIQUE INDEX documents_one_correction_key ON documents (community_id, corrects_document_id, run_id)
         WHERE corrects_document_id IS NOT NULL`,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The owner role passes the immutability triggers: corrections of revisions go with the feature.
    for (const statement of [
      `DELETE FROM document_payments WHERE (community_id, document_id) IN (SELECT d.community_id, d.id FROM documents d
         JOIN settlement_runs r ON r.community_id = d.community_id AND r.id = d.run_id WHERE r.kind = 'correction')`,
      `DELETE FROM documents WHERE (community_id, run_id) IN
         (SELECT community_id, id FROM settlement_runs WHERE kind = 'correction')`,
      `DELETE FROM settlement_runs WHERE kind = 'correction'`,
      `DROP INDEX documents_one_correction_key`,
      `CREATE UNIQUE INDEX documents_one_correction_key ON documents (community_id, corrects_document_id)
         WHERE corrects_document_id IS NOT NULL`,
      `DROP INDEX settlement_runs_corrected_once_key`,
      `DROP INDEX settlement_runs_one_open_correction_key`,
      `DROP INDEX settlement_runs_one_original_key`,
      `ALTER TABLE settlement_runs ADD CONSTRAINT settlement_runs_community_id_period_key UNIQUE (community_id, period)`,
      `ALTER TABLE settlement_runs DROP CONSTRAINT settlement_runs_correction_check,
         DROP CONSTRAINT settlement_runs_corrects_run_fkey, DROP COLUMN correction_reason,
         DROP COLUMN corrects_run_id, DROP COLUMN kind`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
