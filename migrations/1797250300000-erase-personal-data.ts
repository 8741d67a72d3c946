import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_ACTIONS = [
  'create',
  'update',
  'delete',
  'import',
  'invite',
  'accept',
  'upload',
  'fail',
  'revise',
  'approve',
  'finalize',
  'cancel',
];
const NEW_ACTIONS = [...OLD_ACTIONS, 'export', 'erase'];

const actionCheck = (actions: readonly string[]) =>
  `ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
     CHECK (action IN (${actions.map((action) => `'${action}'`).join(', ')}))`;

/**
 * Personal-data rights (issue 23 item 2; docs/privacy.md): the download of a member's data and the erasure of a
 * member are audited steps of their own. The audit log is append-only for the application, but its entries about
 * a member hold the member's name and contacts (before/after): erasure redacts them through
 * `redact_member_audit`, which only the erasure calls, only in the caller's community (its tenant setting) and
 * only in the personal fields; who did what and when stays.
 */
export class ErasePersonalData1797250300000 implements MigrationInterface {
  name = 'ErasePersonalData1797250300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`);
    await queryRunner.query(actionCheck(NEW_ACTIONS));
    await queryRunner.query(
      `CREATE FUNCTION redact_member_audit(member uuid, fields text[]) RETURNS integer
        LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          WITH redacted AS (
            UPDATE audit_log
               SET before = CASE WHEN jsonb_typeof(before) = 'object' THEN before - fields ELSE before END,
                   after = CASE WHEN jsonb_typeof(after) = 'object' THEN after - fields ELSE after END
             WHERE community_id = NULLIF(current_setting('app.community_id', true), '')::uuid
               AND entity = 'member' AND entity_id = member::text
            RETURNING 1
          )
          SELECT count(*)::integer FROM redacted
        $$`,
    );
    await queryRunner.query(`REVOKE ALL ON FUNCTION redact_member_audit(uuid, text[]) FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION redact_member_audit(uuid, text[]) TO sdilna_app`);
    // A login left without any membership (in any community, which the erasing tenant cannot see) is anonymised
    // and its sessions end; a login that still belongs somewhere stays the person's own account.
    await queryRunner.query(
      `CREATE FUNCTION erase_orphan_user(person uuid) RETURNS boolean
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM memberships WHERE user_id = person) THEN
            RETURN false;
          END IF;
          UPDATE users SET email = 'erased-' || id || '@erased.invalid', name = 'Erased', password_hash = '!',
                           updated_at = now()
           WHERE id = person;
          UPDATE sessions SET revoked_at = coalesce(revoked_at, now()), revoked_reason = coalesce(revoked_reason, 'logout')
           WHERE user_id = person;
          RETURN FOUND;
        END
        $$`,
    );
    await queryRunner.query(`REVOKE ALL ON FUNCTION erase_orphan_user(uuid) FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION erase_orphan_user(uuid) TO sdilna_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION IF EXISTS erase_orphan_user(uuid)`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS redact_member_audit(uuid, text[])`);
    await queryRunner.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`);
    // The older schema knows neither step: their entries go, the entries of every other change stay.
    await queryRunner.query(`DELETE FROM audit_log WHERE action IN ('export', 'erase')`);
    await queryRunner.query(actionCheck(OLD_ACTIONS));
  }
}
