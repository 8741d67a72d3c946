import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in and reset limits shared by every API process (docs/security.md): until now each process counted in its
 * own memory, so N replicas allowed N times the limits and a restart forgot a locked account. An event is one
 * failed sign-in or one reset request of a subject (`account:<sha-256 of the e-mail>` or `address:<client
 * address>`); the limits count a subject's events of the last window. No e-mail is stored, and rows older than a
 * day are pruned as new ones come, so the table holds about one window of events.
 */
export class ShareSignInLimits1797450000000 implements MigrationInterface {
  name = 'ShareSignInLimits1797450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE sign_in_events (
        kind text NOT NULL CHECK (kind IN ('failure', 'reset')),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
      `CREATE INDEX sign_in_events_subject_idx ON sign_in_events (kind, subject, at)`,
      `CREATE INDEX sign_in_events_at_idx ON sign_in_events (at)`,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS sign_in_events`);
  }
}
