import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_ACTIONS = ['create', 'update', 'delete', 'import', 'invite', 'accept'];
const NEW_ACTIONS = [...OLD_ACTIONS, 'upload', 'fail', 'revise', 'approve', 'finalize', 'cancel'];

const actionCheck = (actions: readonly string[]) =>
  `ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
     CHECK (action IN (${actions.map((action) => `'${action}'`).join(', ')}))`;

/**
 * The audit log of every change (issue 17 item 5): the steps of an import (upload, done, failed, revision) and
 * of a settlement run (approve, finalise, cancel of a document) get their own actions, and the log is filtered
 * by entity, record and person within a date range, newest first, so those filters get their indexes.
 */
export class AuditEveryStep1796770000000 implements MigrationInterface {
  name = 'AuditEveryStep1796770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`);
    await queryRunner.query(actionCheck(NEW_ACTIONS));
    await queryRunner.query(
      `CREATE INDEX audit_log_entity_idx ON audit_log (community_id, entity, entity_id, at)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_log_actor_idx ON audit_log (community_id, actor_user_id, at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX audit_log_actor_idx`);
    await queryRunner.query(`DROP INDEX audit_log_entity_idx`);
    await queryRunner.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`);
    // The older schema knows none of the new steps: their entries go, the entries of every other change stay.
    await queryRunner.query(
      `DELETE FROM audit_log WHERE action NOT IN (${OLD_ACTIONS.map((action) => `'${action}'`).join(', ')})`,
    );
    await queryRunner.query(actionCheck(OLD_ACTIONS));
  }
}
