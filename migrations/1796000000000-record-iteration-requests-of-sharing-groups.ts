import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * Whether a sharing group asked EDC for iteration ("iterační výpočet") at registration, with validity dates: EDC
 * derives the rounds of static sharing from it (domain.md §3.2). Periods of a group never overlap; no period on
 * a day means "not requested".
 */
export class RecordIterationRequestsOfSharingGroups1796000000000 implements MigrationInterface {
  name = 'RecordIterationRequestsOfSharingGroups1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE sharing_group_iteration_periods (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        sharing_group_id uuid NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        requested boolean NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, sharing_group_id, valid_from),
        FOREIGN KEY (community_id, sharing_group_id) REFERENCES sharing_groups (community_id, id),
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT sharing_group_iteration_periods_no_overlap EXCLUDE USING gist (
          community_id WITH =, sharing_group_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`,
      ...tenantSecuritySql('sharing_group_iteration_periods'),
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS sharing_group_iteration_periods`);
  }
}
