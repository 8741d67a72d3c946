import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The legal rules of issue 23 item 4 need two facts of a member: the SME declaration (the enterprise's size;
 * a large enterprise may not vote in an energy community nor be a member of a renewable one) and the ORP where its
 * points lie (a voting member of a renewable community must be local: docs/privacy.md, domain.md section 2).
 */
export class DeclareEnterpriseSizeAndLocality1797250100000 implements MigrationInterface {
  name = 'DeclareEnterpriseSizeAndLocality1797250100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE members ADD COLUMN enterprise_size text CHECK (enterprise_size IN ('small', 'medium', 'large'))`,
    );
    await queryRunner.query(`ALTER TABLE members ADD COLUMN orp text CHECK (length(orp) BETWEEN 1 AND 100)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE members DROP COLUMN orp`);
    await queryRunner.query(`ALTER TABLE members DROP COLUMN enterprise_size`);
  }
}
