import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { LocalDate } from '@sdilna/shared/domain-core';

/** A run in progress, as the status shows it. */
export interface ConnectorProgress {
  readonly kind: 'nightly' | 'backfill';
  readonly requestId: string | null;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly done: number;
  readonly total: number;
  /** the range being fetched now */
  readonly current: string | null;
  readonly attempt: number;
  readonly startedAt: string;
}

export interface ConnectorRow {
  readonly communityId: string;
  readonly credentials: string;
  readonly credentialsKeyId: string;
  readonly usernameMasked: string;
  readonly consentBy: string | null;
  readonly consentAt: Date;
  readonly credentialsSetAt: Date;
  readonly nightMinute: number;
  readonly lastRunAt: Date | null;
  readonly lastSuccessAt: Date | null;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly consecutiveFailures: number;
  readonly failureNotifiedAt: Date | null;
  readonly progress: ConnectorProgress | null;
}

export interface MappedGroup {
  readonly sharingGroupId: string;
  readonly name: string;
  readonly edcGroupId: string;
}

interface RawRow {
  community_id: string;
  credentials: string;
  credentials_key_id: string;
  username_masked: string;
  consent_by: string | null;
  consent_at: Date;
  credentials_set_at: Date;
  night_minute: number;
  last_run_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  consecutive_failures: number;
  failure_notified_at: Date | null;
  progress: ConnectorProgress | null;
}

/** SQL of the connector's two tables; every call runs inside the caller's TenantDatabase transaction. */
@Injectable()
export class ConnectorStore {
  async find(manager: EntityManager, communityId: string): Promise<ConnectorRow | undefined> {
    const rows = (await manager.query(`SELECT * FROM edc_connectors WHERE community_id = $1`, [
      communityId,
    ])) as RawRow[];
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      communityId: row.community_id,
      credentials: row.credentials,
      credentialsKeyId: row.credentials_key_id,
      usernameMasked: row.username_masked,
      consentBy: row.consent_by,
      consentAt: row.consent_at,
      credentialsSetAt: row.credentials_set_at,
      nightMinute: row.night_minute,
      lastRunAt: row.last_run_at,
      lastSuccessAt: row.last_success_at,
      lastError: row.last_error,
      lastErrorAt: row.last_error_at,
      consecutiveFailures: row.consecutive_failures,
      failureNotifiedAt: row.failure_notified_at,
      progress: row.progress,
    };
  }

  /** New credentials start a clean record: no error, no failures, the consent of the person who gave them. */
  async saveCredentials(
    manager: EntityManager,
    communityId: string,
    values: {
      envelope: string;
      keyId: string;
      usernameMasked: string;
      consentBy: string;
      nightMinute: number;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO edc_connectors (community_id, credentials, credentials_key_id, username_masked, consent_by, consent_at,
                                   credentials_set_at, night_minute)
       VALUES ($1, $2, $3, $4, $5, now(), now(), $6)
       ON CONFLICT (community_id) DO UPDATE SET credentials = EXCLUDED.credentials,
         credentials_key_id = EXCLUDED.credentials_key_id, username_masked = EXCLUDED.username_masked,
         consent_by = EXCLUDED.consent_by, consent_at = now(), credentials_set_at = now(), last_error = NULL,
         last_error_at = NULL, consecutive_failures = 0, failure_notified_at = NULL`,
      [
        communityId,
        values.envelope,
        values.keyId,
        values.usernameMasked,
        values.consentBy,
        values.nightMinute,
      ],
    );
  }

  async setNightMinute(manager: EntityManager, communityId: string, minute: number): Promise<void> {
    await manager.query(`UPDATE edc_connectors SET night_minute = $2 WHERE community_id = $1`, [
      communityId,
      minute,
    ]);
  }

  async reseal(manager: EntityManager, communityId: string, envelope: string, keyId: string): Promise<void> {
    await manager.query(
      `UPDATE edc_connectors SET credentials = $2, credentials_key_id = $3 WHERE community_id = $1`,
      [communityId, envelope, keyId],
    );
  }

  /** Wipes the credentials and everything the connector recorded (final months cascade). */
  async remove(manager: EntityManager, communityId: string): Promise<boolean> {
    return (
      returned(
        await manager.query(`DELETE FROM edc_connectors WHERE community_id = $1 RETURNING community_id`, [
          communityId,
        ]),
      ).length > 0
    );
  }

  async setProgress(
    manager: EntityManager,
    communityId: string,
    progress: ConnectorProgress | null,
  ): Promise<void> {
    await manager.query(`UPDATE edc_connectors SET progress = $2::jsonb WHERE community_id = $1`, [
      communityId,
      progress === null ? null : JSON.stringify(progress),
    ]);
  }

  async markStarted(manager: EntityManager, communityId: string, progress: ConnectorProgress): Promise<void> {
    await manager.query(
      `UPDATE edc_connectors SET progress = $2::jsonb, last_run_at = now() WHERE community_id = $1`,
      [communityId, JSON.stringify(progress)],
    );
  }

  async markSucceeded(manager: EntityManager, communityId: string): Promise<void> {
    await manager.query(
      `UPDATE edc_connectors SET last_success_at = now(), last_error = NULL, last_error_at = NULL,
              consecutive_failures = 0, failure_notified_at = NULL, progress = NULL
        WHERE community_id = $1`,
      [communityId],
    );
  }

  /** Records an error; `final` counts it as a failed run (a retry still to come does not). Answers the count. */
  async markFailed(
    manager: EntityManager,
    communityId: string,
    message: string,
    final: boolean,
  ): Promise<number> {
    const rows = returned<{ consecutive_failures: number }>(
      await manager.query(
        `UPDATE edc_connectors SET last_error = left($2, 2000), last_error_at = now(),
                consecutive_failures = consecutive_failures + $3::int,
                progress = CASE WHEN $3::int = 1 THEN NULL ELSE progress END
          WHERE community_id = $1 RETURNING consecutive_failures`,
        [communityId, message, final ? 1 : 0],
      ),
    );
    return rows[0]?.consecutive_failures ?? 0;
  }

  /** Marks that the administrators were told; answers false when someone already was (told once per streak). */
  async claimNotification(manager: EntityManager, communityId: string): Promise<boolean> {
    const rows = returned(
      await manager.query(
        `UPDATE edc_connectors SET failure_notified_at = now()
          WHERE community_id = $1 AND failure_notified_at IS NULL RETURNING community_id`,
        [communityId],
      ),
    );
    return rows.length > 0;
  }

  async finalMonths(manager: EntityManager, communityId: string): Promise<Set<LocalDate>> {
    const rows = (await manager.query(
      `SELECT to_char(month, 'YYYY-MM-DD') AS month FROM edc_connector_final_months WHERE community_id = $1 ORDER BY month`,
      [communityId],
    )) as Array<{ month: string }>;
    return new Set(rows.map((row) => row.month));
  }

  async addFinalMonth(manager: EntityManager, communityId: string, month: LocalDate): Promise<void> {
    await manager.query(
      `INSERT INTO edc_connector_final_months (community_id, month) VALUES ($1, $2::date) ON CONFLICT DO NOTHING`,
      [communityId, month],
    );
  }

  async mappedGroups(manager: EntityManager, communityId: string): Promise<MappedGroup[]> {
    const rows = (await manager.query(
      `SELECT id, name, edc_group_id FROM sharing_groups
        WHERE community_id = $1 AND edc_group_id IS NOT NULL ORDER BY name, id`,
      [communityId],
    )) as Array<{ id: string; name: string; edc_group_id: string }>;
    return rows.map((row) => ({ sharingGroupId: row.id, name: row.name, edcGroupId: row.edc_group_id }));
  }

  async sharingGroups(
    manager: EntityManager,
    communityId: string,
  ): Promise<Array<{ id: string; name: string; edcGroupId: string | null }>> {
    const rows = (await manager.query(
      `SELECT id, name, edc_group_id FROM sharing_groups WHERE community_id = $1 ORDER BY name, id`,
      [communityId],
    )) as Array<{ id: string; name: string; edc_group_id: string | null }>;
    return rows.map((row) => ({ id: row.id, name: row.name, edcGroupId: row.edc_group_id }));
  }

  /** Replaces the whole mapping: each listed Sdílna group gets its EDC id, every other group none. */
  async replaceMapping(
    manager: EntityManager,
    communityId: string,
    mapping: ReadonlyArray<{ sharingGroupId: string; edcGroupId: string }>,
  ): Promise<void> {
    await manager.query(
      `UPDATE sharing_groups SET edc_group_id = NULL WHERE community_id = $1 AND edc_group_id IS NOT NULL`,
      [communityId],
    );
    for (const entry of mapping)
      await manager.query(`UPDATE sharing_groups SET edc_group_id = $3 WHERE community_id = $1 AND id = $2`, [
        communityId,
        entry.sharingGroupId,
        entry.edcGroupId,
      ]);
  }

  async adminEmails(
    manager: EntityManager,
    communityId: string,
  ): Promise<{ name: string; emails: string[] }> {
    const admins = (await manager.query(
      `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.community_id = $1 AND m.role = 'community-admin' ORDER BY u.email`,
      [communityId],
    )) as Array<{ email: string }>;
    const names = (await manager.query(`SELECT name FROM communities WHERE community_id = $1`, [
      communityId,
    ])) as Array<{
      name: string;
    }>;
    return { name: names[0]?.name ?? '', emails: admins.map((admin) => admin.email) };
  }
}

/** TypeORM answers UPDATE/DELETE … RETURNING with [rows, affected count] and SELECT/INSERT with the rows. */
function returned<T = unknown>(answer: unknown): T[] {
  if (!Array.isArray(answer)) return [];
  return (Array.isArray(answer[0]) ? answer[0] : answer) as T[];
}
