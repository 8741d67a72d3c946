import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A document is cancelled by at most one corrective document (issue 16: twenty parallel corrections of one
 * invoice issued twenty). The service serialises corrections of one original with a transaction-scoped lock and
 * answers 409; this index is the database's own guarantee behind it.
 */
export class CancelADocumentOnce1796300000000 implements MigrationInterface {
  name = 'CancelADocumentOnce1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNIQUE INDEX documents_one_correction_key ON documents (community_id, corrects_document_id)
        WHERE corrects_document_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS documents_one_correction_key`);
  }
}
