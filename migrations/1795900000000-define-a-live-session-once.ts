import type { MigrationInterface, QueryRunner } from 'typeorm';

const CALLER_COLUMNS = `session_alive boolean, platform_admin boolean, id uuid, type text, name text, ico text,
  address text, territory_orp text[], created_at timestamptz, roles text[], role_member_ids uuid[], units uuid[]`;

/** `caller_access` as migration 1795800000000 created it, with the session join given. */
function callerAccess(sessionJoin: string): string {
  return `CREATE OR REPLACE FUNCTION caller_access(p_community uuid, p_user uuid, p_session uuid)
       RETURNS TABLE (${CALLER_COLUMNS})
       LANGUAGE sql STABLE AS $$
         SELECT u.id IS NOT NULL, coalesce(u.platform_admin, false),
                c.community_id, c.type, c.name, c.ico, c.address, c.territory_orp, c.created_at,
                ARRAY(SELECT m.role FROM memberships m
                       WHERE m.community_id = c.community_id AND m.user_id = p_user ORDER BY m.role),
                ARRAY(SELECT m.member_id FROM memberships m
                       WHERE m.community_id = c.community_id AND m.user_id = p_user ORDER BY m.role),
                ARRAY(SELECT unit.id
                        FROM memberships a
                        JOIN members unit ON unit.community_id = a.community_id AND unit.parent_member_id = a.member_id
                       WHERE a.community_id = c.community_id AND a.user_id = p_user
                         AND a.role = 'municipality-accountant')
           FROM (SELECT 1) AS one
           ${sessionJoin}
           LEFT JOIN communities c ON c.community_id = p_community
       $$`;
}

/** The session join of migration 1795800000000, restored by `down`. */
const OWN_SESSION_JOIN = `LEFT JOIN (sessions s JOIN users u ON u.id = s.user_id)
                  ON s.id = p_session AND s.user_id = p_user AND s.revoked_at IS NULL`;

/**
 * "Is this session alive, and whose is it?" had two definitions: the Passport strategy's query and the session
 * join inside `caller_access`. `live_session_user` is now the only one; both read it. A session lives until it is
 * revoked (logout, refresh-token reuse, password reset) or its user is deleted; it must belong to the user the
 * token names. The planner inlines both SQL functions, so the statements that use them plan as before.
 */
export class DefineALiveSessionOnce1795900000000 implements MigrationInterface {
  name = 'DefineALiveSessionOnce1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE FUNCTION live_session_user(p_session uuid, p_user uuid)
       RETURNS TABLE (id uuid, email text, platform_admin boolean)
       LANGUAGE sql STABLE AS $$
         SELECT u.id, u.email, u.platform_admin
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id = p_session AND s.user_id = p_user AND s.revoked_at IS NULL
       $$`,
      callerAccess('LEFT JOIN live_session_user(p_session, p_user) AS u ON true'),
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(callerAccess(OWN_SESSION_JOIN));
    await queryRunner.query(`DROP FUNCTION live_session_user(uuid, uuid)`);
  }
}
