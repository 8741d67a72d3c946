import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A group that registered a `static-iterative` key asked EDC for iteration: it gets "requested" from its first
 * such key's first day, open-ended. Row-level security is forced on both tables and this migration reads every
 * community, so it lifts the force for its own statements (the owner is then exempt) and restores it.
 */
export class BackfillIterationRequestsFromIterativeKeys1796000100000 implements MigrationInterface {
  name = 'BackfillIterationRequestsFromIterativeKeys1796000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.withoutForcedSecurity(queryRunner, () =>
      queryRunner.query(
        `INSERT INTO sharing_group_iteration_periods (community_id, sharing_group_id, valid_from, valid_to, requested)
         SELECT community_id, sharing_group_id, min(valid_from), NULL, true
           FROM allocation_keys
          WHERE method = 'static-iterative'
          GROUP BY community_id, sharing_group_id`,
      ),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.withoutForcedSecurity(queryRunner, () =>
      queryRunner.query(`DELETE FROM sharing_group_iteration_periods`),
    );
  }

  private async withoutForcedSecurity(queryRunner: QueryRunner, work: () => Promise<unknown>): Promise<void> {
    const tables = ['allocation_keys', 'sharing_group_iteration_periods'];
    for (const table of tables) await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
    await work();
    for (const table of tables) await queryRunner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  }
}
