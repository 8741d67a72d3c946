import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * Months whose stored sharing (issue 17, item 2) was computed from inputs that changed since: a key version, a
 * point's validity in a group, a group's request for iteration, an import. A change marks the months it touches
 * in its own transaction, with the days of the month it touches (`from_day`..`to_day`, widened by later marks); the `sharing.recompute-stale` job recomputes them and removes the mark it saw (`marked_at` tells
 * a mark made again during the recompute from the one it drained). `recomputing_since`: the job has started.
 */
export class MarkStaleMonths1796750000000 implements MigrationInterface {
  name = 'MarkStaleMonths1796750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE stale_months (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        from_day date NOT NULL,
        to_day date NOT NULL,
        reasons text[] NOT NULL,
        marked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        recomputing_since timestamptz,
        PRIMARY KEY (community_id, month),
        CHECK (from_day <= to_day),
        CHECK (date_trunc('month', from_day) = month AND date_trunc('month', to_day) = month)
      )`,
      ...tenantSecuritySql('stale_months'),
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS stale_months`);
  }
}
