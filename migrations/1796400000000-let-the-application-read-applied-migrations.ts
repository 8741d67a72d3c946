import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Readiness (`GET /api/health/ready`) tells whether every migration the code knows is applied. TypeORM creates
 * `schema_migrations` before the first migration sets the default privileges, so the application role could not
 * read it; reading the names of applied migrations is all it may do.
 */
export class LetTheApplicationReadAppliedMigrations1796400000000 implements MigrationInterface {
  name = 'LetTheApplicationReadAppliedMigrations1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`GRANT SELECT ON schema_migrations TO sdilna_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`REVOKE SELECT ON schema_migrations FROM sdilna_app`);
  }
}
