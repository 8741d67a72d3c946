import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A month whose EDC data are missing or preliminary is settled only when the administrator says so explicitly
 * ("settle anyway", issue 18): the run keeps what was accepted (points with their missing and preliminary days at
 * the time of the request), so whoever approves it later sees that it was settled on incomplete data.
 */
export class SettleIncompleteMonthsOnPurpose1796800000000 implements MigrationInterface {
  name = 'SettleIncompleteMonthsOnPurpose1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE settlement_runs ADD COLUMN settled_anyway jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE settlement_runs DROP COLUMN settled_anyway`);
  }
}
