import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment the administrator records by hand (issue 21: cash, a transfer to another account, a statement that
 * never reached Sdílna) carries a note of what it was, and who recorded it (`assigned_by`, as for a bank entry
 * assigned by hand).
 */
export class NoteManualPayments1797350000000 implements MigrationInterface {
  name = 'NoteManualPayments1797350000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE document_payments ADD COLUMN note text
         CHECK (note IS NULL OR (length(note) BETWEEN 1 AND 500 AND note = btrim(note)))`,
      `ALTER TABLE document_payments ADD CONSTRAINT document_payments_manual_by
         CHECK (source <> 'manual' OR assigned_by IS NOT NULL)`,
    ])
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE document_payments DROP CONSTRAINT document_payments_manual_by`,
      `ALTER TABLE document_payments DROP COLUMN note`,
    ])
      await queryRunner.query(statement);
  }
}
