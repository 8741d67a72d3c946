import type { TenantTransaction } from '@sdilna/api/data-access-db';

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
export class ConnectorStore {
  constructor(private readonly tx: TenantTransaction) {}

  async find(): Promise<ConnectorRow | undefined> {
    const rows = (await this.tx.query(`SELECT * FROM edc_connectors`)) as RawRow[];
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
  async saveCredentials(values: {
    envelope: string;
    keyId: string;
    usernameMasked: string;
    consentBy: string;
    nightMinute: number;
  }): Promise<void> {
    await this.tx.query(
      `INSERT INTO edc_connectors (community_id, credentials, credentials_key_id, username_masked, consent_by, consent_at,
                                   credentials_set_at, night_minute)
       VALUES ($1, $2, $3, $4, $5, now(), now(), $6)
       ON CONFLICT (community_id) DO UPDATE SET credentials = EXCLUDED.credentials,
         credentials_key_id = EXCLUDED.credentials_key_id, username_masked = EXCLUDED.username_masked,
         consent_by = EXCLUDED.consent_by, consent_at = now(), credentials_set_at = now(), last_error = NULL,
         last_error_at = NULL, consecutive_failures = 0, failure_notified_at = NULL`,
      [
        this.tx.communityId,
        values.envelope,
        values.keyId,
        values.usernameMasked,
        values.consentBy,
        values.nightMinute,
      ],
    );
  }

  async setNightMinute(minute: number): Promise<void> {
    await this.tx.query(`UPDATE edc_connectors SET night_minute = $1`, [minute]);
  }

  async reseal(envelope: string, keyId: string): Promise<void> {
    await this.tx.query(`UPDATE edc_connectors SET credentials = $1, credentials_key_id = $2`, [
      envelope,
      keyId,
    ]);
  }

  /** Wipes the credentials and everything the connector recorded (final months cascade). */
  async remove(): Promise<boolean> {
    return returned(await this.tx.query(`DELETE FROM edc_connectors RETURNING community_id`)).length > 0;
  }

  async setProgress(progress: ConnectorProgress | null): Promise<void> {
    await this.tx.query(`UPDATE edc_connectors SET progress = $1::jsonb`, [
      progress === null ? null : JSON.stringify(progress),
    ]);
  }

  async markStarted(progress: ConnectorProgress): Promise<void> {
    await this.tx.query(`UPDATE edc_connectors SET progress = $1::jsonb, last_run_at = now()`, [
      JSON.stringify(progress),
    ]);
  }

  async markSucceeded(): Promise<void> {
    await this.tx
      .query(`UPDATE edc_connectors SET last_success_at = now(), last_error = NULL, last_error_at = NULL,
              consecutive_failures = 0, failure_notified_at = NULL, progress = NULL`);
  }

  /** Records an error; `final` counts it as a failed run (a retry still to come does not). Answers the count. */
  async markFailed(message: string, final: boolean): Promise<number> {
    const rows = returned<{ consecutive_failures: number }>(
      await this.tx.query(
        `UPDATE edc_connectors SET last_error = left($1, 2000), last_error_at = now(),
                consecutive_failures = consecutive_failures + $2::int,
                progress = CASE WHEN $2::int = 1 THEN NULL ELSE progress END RETURNING consecutive_failures`,
        [message, final ? 1 : 0],
      ),
    );
    return rows[0]?.consecutive_failures ?? 0;
  }

  /** Marks that the administrators were told; answers false when someone already was (told once per streak). */
  async claimNotification(): Promise<boolean> {
    const rows = returned(
      await this.tx.query(`UPDATE edc_connectors SET failure_notified_at = now()
          WHERE failure_notified_at IS NULL RETURNING community_id`),
    );
    return rows.length > 0;
  }

  async finalMonths(): Promise<Set<LocalDate>> {
    const rows = (await this.tx.query(
      `SELECT to_char(month, 'YYYY-MM-DD') AS month FROM edc_connector_final_months ORDER BY month`,
    )) as Array<{ month: string }>;
    return new Set(rows.map((row) => row.month));
  }

  async addFinalMonth(month: LocalDate): Promise<void> {
    await this.tx.query(
      `INSERT INTO edc_connector_final_months (community_id, month) VALUES ($1, $2::date) ON CONFLICT DO NOTHING`,
      [this.tx.communityId, month],
    );
  }

  async mappedGroups(): Promise<MappedGroup[]> {
    const rows = (await this.tx.query(`SELECT id, name, edc_group_id FROM sharing_groups
        WHERE edc_group_id IS NOT NULL ORDER BY name, id`)) as Array<{
      id: string;
      name: string;
      edc_group_id: string;
    }>;
    return rows.map((row) => ({ sharingGroupId: row.id, name: row.name, edcGroupId: row.edc_group_id }));
  }

  async sharingGroups(): Promise<Array<{ id: string; name: string; edcGroupId: string | null }>> {
    const rows = (await this.tx.query(
      `SELECT id, name, edc_group_id FROM sharing_groups ORDER BY name, id`,
    )) as Array<{ id: string; name: string; edc_group_id: string | null }>;
    return rows.map((row) => ({ id: row.id, name: row.name, edcGroupId: row.edc_group_id }));
  }

  /** Replaces the whole mapping: each listed Sdílna group gets its EDC id, every other group none. */
  async replaceMapping(
    mapping: ReadonlyArray<{ sharingGroupId: string; edcGroupId: string }>,
  ): Promise<void> {
    await this.tx.query(`UPDATE sharing_groups SET edc_group_id = NULL WHERE edc_group_id IS NOT NULL`);
    for (const entry of mapping)
      await this.tx.query(`UPDATE sharing_groups SET edc_group_id = $2 WHERE id = $1`, [
        entry.sharingGroupId,
        entry.edcGroupId,
      ]);
  }

  async adminEmails(): Promise<{ name: string; emails: string[] }> {
    const admins = (await this.tx.query(`SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.role = 'community-admin' ORDER BY u.email`)) as Array<{ email: string }>;
    const names = (await this.tx.query(`SELECT name FROM communities`)) as Array<{
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
