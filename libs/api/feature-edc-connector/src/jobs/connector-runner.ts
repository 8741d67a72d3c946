import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Injectable, Logger } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { ImportsService } from '@sdilna/api/feature-imports';
import { pragueToday } from '@sdilna/api/util-registry';
import { AppConfig } from '@sdilna/api/util-config';
import { connectorFailureMail, mailLanguageNamed, Mailer } from '@sdilna/api/util-mail';
import { edcConnectorLink } from '@sdilna/shared/util-portal-routes';
import type { LocalDate } from '@sdilna/shared/domain-core';

import { ConnectorKeys } from '../connector-keys';
import { monthChunks, nightlyChunks, type FetchChunk } from '../connector-plan';
import { ConnectorStore, type ConnectorProgress, type MappedGroup } from '../connector-store';
import { CredentialsKeyError } from '../credentials-cipher';
import { EdcPortalSession, type EdcReportKind } from '../portal/edc-portal-client';
import { EdcPortalError } from '../portal/edc-portal-error';
import { edcPortalSettings, type EdcPortalSettings } from '../portal/edc-portal-settings';

export type ConnectorRunMode =
  | { readonly kind: 'nightly'; readonly today: LocalDate }
  | {
      readonly kind: 'backfill';
      readonly requestId: string;
      readonly from: LocalDate;
      readonly to: LocalDate;
    };

export interface ConnectorAttempt {
  readonly attemptsMade: number;
  readonly maxAttempts: number;
}

export interface ConnectorOutcome {
  readonly status: 'done' | 'failed' | 'skipped';
  /** import batches the files became (a duplicate file answers the batch it duplicates) */
  readonly imports: ReadonlyArray<{ id: string; duplicate: boolean; fileName: string }>;
  readonly error?: string;
}

/** A run that should be tried again later: BullMQ retries the job with backoff. */
export class ConnectorRetry extends Error {}

/** Something only the administrator can fix (mapping, credentials): no retry until they do. */
class ConnectorSetupError extends Error {}

const REPORTS: readonly EdcReportKind[] = ['standard', 'pair'];

/**
 * One run of a community's connector: logs in to the EDC portal with the stored credentials, exports each mapped
 * group's standard and pair reports chunk by chunk (a month at most), and feeds the files into the SAME import
 * intake as upload and inbox (ImportsService.importFile: one transaction, a duplicate file is a no-op). A chunk's
 * files are imported only once all of them downloaded, so a failing portal leaves nothing half-fetched.
 */
@Injectable()
export class ConnectorRunner {
  private readonly logger = new Logger('EdcConnector');
  private readonly settings: EdcPortalSettings;

  constructor(
    private readonly db: TenantDatabase,
    private readonly keys: ConnectorKeys,
    private readonly imports: ImportsService,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {
    this.settings = edcPortalSettings(config);
  }

  async run(
    communityId: string,
    mode: ConnectorRunMode,
    attempt: ConnectorAttempt,
  ): Promise<ConnectorOutcome> {
    const state = await this.db.run(communityId, async (tx) => {
      const row = await tx.store(ConnectorStore).find();
      if (row === undefined) return undefined;
      return {
        row,
        groups: await tx.store(ConnectorStore).mappedGroups(),
        finalMonths: await tx.store(ConnectorStore).finalMonths(),
      };
    });
    // Credentials removed since the job was queued: nothing to do, and nothing to report.
    if (state === undefined || !this.keys.available) return { status: 'skipped', imports: [] };
    const imports: Array<{ id: string; duplicate: boolean; fileName: string }> = [];
    const rules = {
      finalAfterDay: this.config.EDC_FINAL_AFTER_DAY,
      dailyLookbackDays: this.config.EDC_DAILY_LOOKBACK_DAYS,
    };
    const chunks =
      mode.kind === 'nightly'
        ? nightlyChunks(mode.today, state.finalMonths, rules)
        : monthChunks(mode.from, mode.to, pragueToday(), rules);
    try {
      const credentials = this.openCredentials(communityId, state.row.credentials);
      if (this.keys.cipher().isStale(state.row.credentialsKeyId)) await this.reseal(communityId, credentials);
      if (state.groups.length === 0)
        throw new ConnectorSetupError(
          'No EDC group is mapped to a Sdílna sharing group yet; map one on the connector page',
        );
      const progress: ConnectorProgress = {
        kind: mode.kind,
        requestId: mode.kind === 'backfill' ? mode.requestId : null,
        from: chunks[0]?.from ?? (mode.kind === 'nightly' ? mode.today : mode.from),
        to: chunks.at(-1)?.to ?? (mode.kind === 'nightly' ? mode.today : mode.to),
        done: 0,
        total: chunks.length * state.groups.length,
        current: null,
        attempt: attempt.attemptsMade + 1,
        startedAt: new Date().toISOString(),
      };
      await this.db.run(communityId, (tx) => tx.store(ConnectorStore).markStarted(progress));
      if (chunks.length > 0) {
        const session = await EdcPortalSession.logIn(this.settings, credentials);
        try {
          let done = 0;
          for (const chunk of chunks) {
            for (const group of state.groups) {
              await this.db.run(communityId, (tx) =>
                tx.store(ConnectorStore).setProgress({
                  ...progress,
                  done,
                  current: `${chunk.from} – ${chunk.to}`,
                }),
              );
              imports.push(...(await this.fetchChunk(communityId, session, group, chunk)));
              done++;
            }
            if (chunk.finalMonth !== undefined) {
              const month = chunk.finalMonth;
              await this.db.run(communityId, (tx) => tx.store(ConnectorStore).addFinalMonth(month));
            }
          }
        } finally {
          await session.logOut();
        }
      }
      await this.db.run(communityId, (tx) => tx.store(ConnectorStore).markSucceeded());
      this.logger.log(
        `EDC connector of community ${communityId}: ${mode.kind} run done, ${chunks.length} chunk(s), ${imports.length} file(s) handed to the import`,
      );
      return { status: 'done', imports };
    } catch (error) {
      return this.failed(communityId, error, attempt, imports);
    }
  }

  private openCredentials(communityId: string, envelope: string): { username: string; password: string } {
    try {
      return this.keys.cipher().open(communityId, envelope);
    } catch (error) {
      if (error instanceof CredentialsKeyError)
        throw new ConnectorSetupError(`${error.message}; enter the EDC credentials again`);
      throw error;
    }
  }

  /** Rotation: an envelope of an older key is sealed again with the newest one on its next use. */
  private async reseal(
    communityId: string,
    credentials: { username: string; password: string },
  ): Promise<void> {
    const sealed = this.keys.cipher().seal(communityId, credentials);
    await this.db.run(communityId, (tx) => tx.store(ConnectorStore).reseal(sealed.envelope, sealed.keyId));
  }

  private async fetchChunk(
    communityId: string,
    session: EdcPortalSession,
    group: MappedGroup,
    chunk: FetchChunk,
  ): Promise<Array<{ id: string; duplicate: boolean; fileName: string }>> {
    const calculationType =
      chunk.calculation === 'monthly'
        ? this.settings.monthlyCalculationType
        : this.settings.dailyCalculationType;
    const files: Array<{ fileName: string; bytes: Buffer }> = [];
    for (const kind of REPORTS) {
      const fileName = `edc-${group.edcGroupId}-${kind}-${chunk.calculation}-${chunk.from}_${chunk.to}.csv`;
      const describe = `the ${kind} export of EDC group ${group.edcGroupId} for ${chunk.from} – ${chunk.to} (${calculationType})`;
      const reportId = await session.requestExport(kind, {
        sseId: group.edcGroupId,
        calculationType,
        from: chunk.from,
        to: chunk.to,
        fileName,
      });
      await session.waitForReport(reportId, describe);
      files.push({ fileName, bytes: await session.download(reportId, describe) });
    }
    const directory = join(this.config.UPLOAD_DIR, 'edc-connector');
    await mkdir(directory, { recursive: true });
    const accepted: Array<{ id: string; duplicate: boolean; fileName: string }> = [];
    for (const file of files) {
      const path = join(directory, `${randomUUID()}.csv`);
      try {
        await writeFile(path, file.bytes);
        // The one intake of upload and inbox: same checks, same job, a file already imported is a no-op. The
        // connector knows which calculation it asked for: preliminary (daily) values never overwrite final ones.
        const answer = await this.imports.importFile(communityId, path, {
          source: 'api',
          fileName: file.fileName,
          calculation: chunk.calculation,
        });
        accepted.push({ id: answer.id, duplicate: answer.duplicate, fileName: file.fileName });
      } finally {
        await rm(path, { force: true });
      }
    }
    return accepted;
  }

  private async failed(
    communityId: string,
    error: unknown,
    attempt: ConnectorAttempt,
    imports: ReadonlyArray<{ id: string; duplicate: boolean; fileName: string }>,
  ): Promise<ConnectorOutcome> {
    // The portal client's and the setup's messages are the connector's own words and never hold a secret; the
    // credentials exist only between opening the envelope and the log-in, where every failure is wrapped.
    const known = error instanceof EdcPortalError || error instanceof ConnectorSetupError;
    const message = known
      ? error.message
      : `The connector stopped on an internal error (${error instanceof Error ? error.message : String(error)})`;
    const retryable =
      error instanceof EdcPortalError ? error.retryable : !(error instanceof ConnectorSetupError);
    const final = !retryable || attempt.attemptsMade + 1 >= attempt.maxAttempts;
    const failures = await this.db.run(communityId, (tx) =>
      tx.store(ConnectorStore).markFailed(message, final),
    );
    this.logger.warn(
      `EDC connector of community ${communityId}: ${message}${final ? '' : ` (attempt ${attempt.attemptsMade + 1} of ${attempt.maxAttempts}, retrying)`}`,
    );
    if (!final) throw new ConnectorRetry(message);
    if (failures >= this.config.EDC_NOTIFY_AFTER_FAILURES) await this.notify(communityId, message, failures);
    return { status: 'failed', imports, error: message };
  }

  /** Tells the administrators once per streak of failures, so a broken connector does not go unnoticed. */
  private async notify(communityId: string, message: string, failures: number): Promise<void> {
    const target = await this.db.run(communityId, async (tx) => {
      const store = tx.store(ConnectorStore);
      if (!(await store.claimNotification())) return undefined;
      const admins = await store.adminEmails();
      // Each administrator in their own language (users.language).
      const languages = await tx.query<{ email: string; language: string }>(
        `SELECT email, language FROM users WHERE email = ANY($1)`,
        [admins.emails],
      );
      return { ...admins, languages: new Map(languages.map((row) => [row.email, row.language])) };
    });
    if (target === undefined) return;
    const link = edcConnectorLink(this.config.PUBLIC_URL, communityId);
    for (const email of target.emails) {
      await this.mailer.send({
        to: email,
        ...connectorFailureMail(mailLanguageNamed(target.languages.get(email)), {
          communityName: target.name,
          failures,
          error: message,
          link,
        }),
      });
    }
  }
}
