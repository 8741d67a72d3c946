import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * Consents of a member (issue 23 item 2): processing of personal data, the EDC mandate (the community registers
 * the member's points at EDC on their behalf) and e-mail. Append-only history: each row is one statement of the
 * person — given (`granted`) or withdrawn — of one kind, to one version of the terms, at `given_at` (when the
 * person said it: the join request's confirmation, the signed paper form of a bulk import, the portal click);
 * `recorded_at` is when Sdílna stored it. The member's current consent of a kind is its newest row.
 */
export class RecordConsents1797250000000 implements MigrationInterface {
  name = 'RecordConsents1797250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE consents (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('data-processing', 'edc-mandate', 'email')),
        version text NOT NULL CHECK (version ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        granted boolean NOT NULL,
        given_at timestamptz NOT NULL,
        source text NOT NULL CHECK (source IN ('portal', 'join-request', 'import', 'admin')),
        recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        FOREIGN KEY (community_id, member_id) REFERENCES members (community_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX consents_member_idx ON consents (community_id, member_id, kind, given_at)`,
      ...tenantSecuritySql('consents'),
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS consents`);
  }
}
