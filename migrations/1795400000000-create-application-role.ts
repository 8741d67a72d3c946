import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The application connects as `sdilna_app`: no superuser, no BYPASSRLS, not the owner of any table, so
 * row-level security always applies to it. Migrations run as the owner and grant it plain DML.
 */
export class CreateApplicationRole1795400000000 implements MigrationInterface {
  name = 'CreateApplicationRole1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sdilna_app') THEN
          CREATE ROLE sdilna_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      END $$`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO sdilna_app`);
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sdilna_app`,
    );
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO sdilna_app`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM sdilna_app`,
    );
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM sdilna_app`,
    );
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM sdilna_app`);
    // The role is cluster-wide and may serve other databases of the cluster, so it is not dropped here.
  }
}
