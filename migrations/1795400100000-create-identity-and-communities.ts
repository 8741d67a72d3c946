import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The row-level-security lock of a tenant table (architecture.md section 3). `NULLIF(..., '')` because a
 * transaction-local `set_config` leaves the setting as '' (not NULL) on the pooled connection afterwards, and
 * `''::uuid` would raise instead of matching nothing.
 */
export const TENANT_PREDICATE = `community_id = NULLIF(current_setting('app.community_id', true), '')::uuid`;

export function tenantSecuritySql(table: string): string[] {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON ${table} USING (${TENANT_PREDICATE}) WITH CHECK (${TENANT_PREDICATE})`,
  ];
}

/**
 * Communities and identity. Tenant tables carry `community_id` in every key and every foreign key (Citus-ready);
 * users, sessions, refresh tokens and password resets are global (they belong to a person, not a community)
 * and hold no community data.
 */
export class CreateIdentityAndCommunities1795400100000 implements MigrationInterface {
  name = 'CreateIdentityAndCommunities1795400100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE EXTENSION IF NOT EXISTS btree_gist`,

      // ---- global: people and their sessions -------------------------------------------------------------
      `CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        password_hash text NOT NULL,
        platform_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE UNIQUE INDEX users_email_key ON users (email)`,

      // One session per login; every refresh token of a session is one family, and revoking the session
      // (logout, reuse of a spent token, password reset) kills access tokens and refresh tokens together.
      `CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_reason text CHECK (revoked_reason IN ('logout', 'token-reuse', 'password-reset'))
      )`,
      `CREATE INDEX sessions_user_idx ON sessions (user_id)`,
      `CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`,
      `CREATE TABLE password_resets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX password_resets_user_idx ON password_resets (user_id)`,

      // ---- tenant: the community itself ---------------------------------------------------------------
      // The tenant column is called community_id here too, so every tenant table shares one distribution column.
      `CREATE TABLE communities (
        community_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL CHECK (type IN ('active-customer', 'energy-community', 'renewable-community')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        ico text CHECK (ico ~ '^[0-9]{8}$'),
        address text CHECK (length(address) <= 500),
        territory_orp text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE sharing_groups (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        edc_group_id text CHECK (edc_group_id ~ '^[0-9]{1,20}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        UNIQUE (community_id, edc_group_id)
      )`,
      `CREATE TABLE members (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('household', 'sme', 'large-enterprise', 'municipality', 'municipal-unit', 'other')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        email text CHECK (email = lower(email)),
        phone text CHECK (length(phone) <= 40),
        address text CHECK (length(address) <= 500),
        ico text CHECK (ico ~ '^[0-9]{8}$'),
        dic text CHECK (dic ~ '^CZ[0-9]{8,10}$'),
        vat_payer boolean NOT NULL DEFAULT false,
        votes integer NOT NULL DEFAULT 0 CHECK (votes >= 0),
        parent_member_id uuid,
        joined_on date NOT NULL,
        left_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        FOREIGN KEY (community_id, parent_member_id) REFERENCES members (community_id, id),
        CHECK ((kind = 'municipal-unit') = (parent_member_id IS NOT NULL)),
        CHECK (parent_member_id IS DISTINCT FROM id),
        CHECK (left_on IS NULL OR left_on >= joined_on),
        CHECK (NOT vat_payer OR dic IS NOT NULL)
      )`,
      `CREATE UNIQUE INDEX members_ico_key ON members (community_id, ico) WHERE ico IS NOT NULL`,
      `CREATE INDEX members_parent_idx ON members (community_id, parent_member_id)`,

      // A user's roles in a community; a `member` login is tied to the member record it may see.
      `CREATE TABLE memberships (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('community-admin', 'member', 'municipality-accountant')),
        member_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, user_id, role),
        FOREIGN KEY (community_id, member_id) REFERENCES members (community_id, id) ON DELETE CASCADE,
        CHECK (role = 'community-admin' OR member_id IS NOT NULL)
      )`,
      `CREATE INDEX memberships_user_idx ON memberships (user_id)`,

      // The invitation link carries community id, invitation id and a secret; only the secret's hash is stored.
      `CREATE TABLE invitations (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        role text NOT NULL CHECK (role IN ('community-admin', 'member', 'municipality-accountant')),
        member_id uuid,
        token_hash bytea NOT NULL,
        invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        FOREIGN KEY (community_id, member_id) REFERENCES members (community_id, id) ON DELETE CASCADE,
        CHECK (role = 'community-admin' OR member_id IS NOT NULL)
      )`,

      // Append-only: the application may insert and read, never change or delete (grants below).
      `CREATE TABLE audit_log (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        action text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import', 'invite', 'accept')),
        entity text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        PRIMARY KEY (community_id, id)
      )`,
      `CREATE INDEX audit_log_at_idx ON audit_log (community_id, at)`,
      `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM sdilna_app`,

      ...['communities', 'sharing_groups', 'members', 'memberships', 'invitations', 'audit_log'].flatMap(
        tenantSecuritySql,
      ),

      // `GET /api/me` and `GET /api/communities` list a user's memberships across communities without a tenant
      // context: a session that declares `app.user_id` (set only from a verified token) sees its own rows.
      `CREATE POLICY own_memberships ON memberships FOR SELECT
        USING (user_id = NULLIF(current_setting('app.user_id', true), '')::uuid)`,
      `CREATE POLICY communities_of_user ON communities FOR SELECT
        USING (community_id IN (SELECT m.community_id FROM memberships m
                                WHERE m.user_id = NULLIF(current_setting('app.user_id', true), '')::uuid))`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY IF EXISTS communities_of_user ON communities`);
    for (const table of [
      'audit_log',
      'invitations',
      'memberships',
      'members',
      'sharing_groups',
      'communities',
      'password_resets',
      'refresh_tokens',
      'sessions',
      'users',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
    // btree_gist stays: other schemas of the database may use it, and it holds no data.
  }
}
