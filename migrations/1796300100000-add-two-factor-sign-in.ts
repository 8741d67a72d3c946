import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor sign-in (issue 16): a TOTP authenticator and single-use recovery codes per user, the short-lived
 * challenge between the password and the code, the community's rule that its administrators and accountants
 * use it, and what the session list shows (which sessions passed the second factor, from which browser).
 * The new tables belong to a person, like `sessions`: global, without community data.
 */
export class AddTwoFactorSignIn1796300100000 implements MigrationInterface {
  name = 'AddTwoFactorSignIn1796300100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE user_two_factor (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret text NOT NULL CHECK (secret ~ '^[A-Z2-7]{16,128}$'),
        confirmed_at timestamptz,
        last_step bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE two_factor_recovery_codes (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX two_factor_recovery_codes_user_idx ON two_factor_recovery_codes (user_id)`,
      `CREATE TABLE sign_in_challenges (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL,
        user_agent text CHECK (length(user_agent) <= 300),
        attempts integer NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX sign_in_challenges_user_idx ON sign_in_challenges (user_id)`,
      `ALTER TABLE sessions
         ADD COLUMN two_factor boolean NOT NULL DEFAULT false,
         ADD COLUMN user_agent text CHECK (length(user_agent) <= 300)`,
      `ALTER TABLE communities ADD COLUMN require_two_factor boolean NOT NULL DEFAULT false`,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE communities DROP COLUMN require_two_factor`,
      `ALTER TABLE sessions DROP COLUMN user_agent, DROP COLUMN two_factor`,
      `DROP TABLE IF EXISTS sign_in_challenges`,
      `DROP TABLE IF EXISTS two_factor_recovery_codes`,
      `DROP TABLE IF EXISTS user_two_factor`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
