import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A registered key no longer states rounds: EDC derives them from the group on each day (domain.md §3.2), so a
 * stored number could only contradict it. `down` restores the column with what the engine ran before this
 * change (5 rounds for `static-iterative`, 1 otherwise) and its two checks under their original names.
 */
export class DropRoundsOfAllocationKeys1796000200000 implements MigrationInterface {
  name = 'DropRoundsOfAllocationKeys1796000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE allocation_keys DROP CONSTRAINT allocation_keys_check1`,
      `ALTER TABLE allocation_keys DROP COLUMN rounds`,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE allocation_keys NO FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE allocation_keys ADD COLUMN rounds smallint`,
      `UPDATE allocation_keys SET rounds = CASE WHEN method = 'static-iterative' THEN 5 ELSE 1 END`,
      `ALTER TABLE allocation_keys FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE allocation_keys ALTER COLUMN rounds SET NOT NULL`,
      `ALTER TABLE allocation_keys ADD CONSTRAINT allocation_keys_rounds_check CHECK (rounds BETWEEN 1 AND 5)`,
      `ALTER TABLE allocation_keys ADD CONSTRAINT allocation_keys_check1 CHECK (method = 'static-iterative' OR rounds = 1)`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
