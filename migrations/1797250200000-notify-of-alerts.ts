import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

const KINDS = `('data-gap', 'import-failed', 'discrepancy', 'draft-waiting', 'new-document', 'overdue-payment')`;
const CHANNELS = `('portal', 'email', 'digest', 'off')`;

/**
 * Alerts and notifications (issue 23 item 3; docs/privacy.md). An alert is an event with a dedupe key (a point's
 * month with a data gap, a failed import, a waiting draft run, an issued document...); raising it stores one
 * notification per recipient, once: `UNIQUE (community_id, user_id, dedupe_key)` makes raising again a no-op.
 * `channel` is the recipient's preference for the kind when it was raised: portal only, an e-mail of its own, the
 * daily digest, or off (stored, so it never fires again, but shown nowhere). `emailed_at` marks what the mail job
 * (one mail or the digest) has sent. Preferences are per user and community.
 */
export class NotifyOfAlerts1797250200000 implements MigrationInterface {
  name = 'NotifyOfAlerts1797250200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE notifications (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ${KINDS}),
        dedupe_key text NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 300),
        params jsonb NOT NULL DEFAULT '{}',
        channel text NOT NULL CHECK (channel IN ${CHANNELS}),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        emailed_at timestamptz,
        PRIMARY KEY (community_id, id),
        UNIQUE (community_id, user_id, dedupe_key)
      )`,
      `CREATE INDEX notifications_user_idx ON notifications (community_id, user_id, created_at)`,
      `CREATE INDEX notifications_unsent_idx ON notifications (community_id, channel) WHERE emailed_at IS NULL AND channel IN ('email', 'digest')`,
      `CREATE TABLE notification_preferences (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ${KINDS}),
        channel text NOT NULL CHECK (channel IN ${CHANNELS}),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, user_id, kind)
      )`,
      ...['notifications', 'notification_preferences'].flatMap(tenantSecuritySql),
      // The mail jobs visit only communities with something to send, without a tenant context of their own.
      `CREATE FUNCTION communities_with_unsent_notifications(wanted text) RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT DISTINCT community_id FROM notifications
           WHERE emailed_at IS NULL AND channel = wanted ORDER BY community_id
        $$`,
      `REVOKE ALL ON FUNCTION communities_with_unsent_notifications(text) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION communities_with_unsent_notifications(text) TO sdilna_app`,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION IF EXISTS communities_with_unsent_notifications(text)`);
    await queryRunner.query(`DROP TABLE IF EXISTS notification_preferences`);
    await queryRunner.query(`DROP TABLE IF EXISTS notifications`);
  }
}
