import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { AuditLog, CommunityAccess } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { isLocalDate, pragueToday } from '@sdilna/api/util-registry';
import { addDays } from '@sdilna/shared/domain-core';

import { ConnectorKeys } from './connector-keys';
import {
  clockOfMinute,
  dayCount,
  MAX_BACKFILL_DAYS,
  monthChunks,
  nextRunAt,
  nightMinute,
} from './connector-plan';
import { ConnectorStore, type ConnectorRow } from './connector-store';
import { CredentialsKeyError, maskUsername } from './credentials-cipher';
import type {
  ConnectorStatusView,
  EdcGroupView,
  FetchAcceptedView,
  FetchNowDto,
  MappingView,
  PutCredentialsDto,
  PutMappingDto,
} from './dtos/edc-connector.dto';
import { EdcConnectorException } from './edc-connector.exception';
import { ConnectorJobs } from './jobs/connector-jobs';
import { EdcPortalSession } from './portal/edc-portal-client';
import { EdcPortalError } from './portal/edc-portal-error';
import { edcPortalSettings } from './portal/edc-portal-settings';

/**
 * The administrator's side of the connector (docs/edc.md): credentials with consent, status, groups and their
 * mapping, fetch-now. The password goes in once and never comes back out: answers show a masked username only.
 */
@Injectable()
export class EdcConnectorService {
  private readonly logger = new Logger('EdcConnector');

  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
    private readonly keys: ConnectorKeys,
    private readonly jobs: ConnectorJobs,
    private readonly config: AppConfig,
  ) {}

  private async asAdmin<T>(
    principal: Principal,
    communityId: string,
    work: (tx: TenantTransaction) => Promise<T>,
  ): Promise<T> {
    return this.db.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      return work(tx);
    });
  }

  async status(principal: Principal, communityId: string): Promise<ConnectorStatusView> {
    const state = await this.asAdmin(principal, communityId, async (tx) => ({
      row: await tx.store(ConnectorStore).find(),
      finalMonths: await tx.store(ConnectorStore).finalMonths(),
      mapped: (await tx.store(ConnectorStore).mappedGroups()).length,
    }));
    return this.view(communityId, state.row, [...state.finalMonths], state.mapped);
  }

  async putCredentials(
    principal: Principal,
    communityId: string,
    body: PutCredentialsDto,
  ): Promise<ConnectorStatusView> {
    const cipher = this.keys.cipher();
    if (body.consent !== true)
      throw new EdcConnectorException(
        'CONSENT_REQUIRED',
        'consent must be true: the community agrees that Sdílna logs in to the EDC portal with these credentials on its behalf',
        { field: 'consent' },
      );
    const minute = nightMinute(communityId, this.config.EDC_NIGHT_WINDOW);
    const sealed = cipher.seal(communityId, { username: body.username, password: body.password });
    await this.asAdmin(principal, communityId, async (tx) => {
      await tx.store(ConnectorStore).saveCredentials({
        envelope: sealed.envelope,
        keyId: sealed.keyId,
        usernameMasked: maskUsername(body.username),
        consentBy: principal.userId,
        nightMinute: minute,
      });
      // The audit trail names the change and the masked username, never the password.
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'update',
        entity: 'edc-connector',
        entityId: communityId,
        after: { username: maskUsername(body.username), consent: true },
      });
    });
    await this.jobs.schedule(communityId, minute);
    this.logger.log(
      `EDC connector of community ${communityId}: credentials stored with consent, nightly at ${clockOfMinute(minute)}`,
    );
    return this.status(principal, communityId);
  }

  async removeCredentials(principal: Principal, communityId: string): Promise<void> {
    await this.asAdmin(principal, communityId, async (tx) => {
      if (await tx.store(ConnectorStore).remove())
        await this.audit.recordIn(tx, {
          actorUserId: principal.userId,
          action: 'delete',
          entity: 'edc-connector',
          entityId: communityId,
        });
    });
    await this.jobs.unschedule(communityId);
    this.logger.log(`EDC connector of community ${communityId}: credentials removed`);
  }

  /** Logs in to the portal now and lists the account's sharing groups with the Sdílna group each feeds. */
  async groups(principal: Principal, communityId: string): Promise<EdcGroupView[]> {
    const state = await this.asAdmin(principal, communityId, async (tx) => ({
      row: await tx.store(ConnectorStore).find(),
      groups: await tx.store(ConnectorStore).sharingGroups(),
    }));
    const row = this.requireConfigured(state.row);
    let credentials: { username: string; password: string };
    try {
      credentials = this.keys.cipher().open(communityId, row.credentials);
    } catch (error) {
      if (error instanceof CredentialsKeyError)
        throw new EdcConnectorException(
          'CREDENTIALS_UNREADABLE',
          `${error.message}; enter the EDC credentials again`,
        );
      throw error;
    }
    try {
      const session = await EdcPortalSession.logIn(edcPortalSettings(this.config), credentials);
      try {
        const edcGroups = await session.groups();
        return edcGroups.map((group) => ({
          edcGroupId: group.id,
          name: group.name,
          sharingGroupId: state.groups.find((mine) => mine.edcGroupId === group.id)?.id ?? null,
        }));
      } finally {
        await session.logOut();
      }
    } catch (error) {
      if (!(error instanceof EdcPortalError)) throw error;
      // The same words the status shows after a failed night.
      if (error.kind === 'credentials' || error.kind === 'shape')
        await this.db.run(communityId, (tx) => tx.store(ConnectorStore).markFailed(error.message, false));
      throw new EdcConnectorException(
        error.kind === 'credentials'
          ? 'EDC_CREDENTIALS_REFUSED'
          : error.kind === 'shape'
            ? 'EDC_PORTAL_CHANGED'
            : 'EDC_PORTAL_UNAVAILABLE',
        error.message,
      );
    }
  }

  async putMapping(principal: Principal, communityId: string, body: PutMappingDto): Promise<MappingView> {
    const edcIds = body.groups.map((entry) => entry.edcGroupId);
    const sharingIds = body.groups.map((entry) => entry.sharingGroupId);
    const twiceEdc = edcIds.find((id, index) => edcIds.indexOf(id) !== index);
    const twiceSharing = sharingIds.find((id, index) => sharingIds.indexOf(id) !== index);
    if (twiceEdc !== undefined || twiceSharing !== undefined)
      throw new EdcConnectorException(
        'MAPPING_DUPLICATE',
        twiceEdc !== undefined
          ? `EDC group ${twiceEdc} is mapped twice; an EDC group feeds one Sdílna sharing group`
          : `Sharing group ${twiceSharing ?? ''} is mapped twice; a Sdílna sharing group takes one EDC group`,
        { field: 'groups' },
      );
    return this.asAdmin(principal, communityId, async (tx) => {
      const mine = await tx.store(ConnectorStore).sharingGroups();
      const unknown = sharingIds.find((id) => !mine.some((group) => group.id === id));
      if (unknown !== undefined)
        throw new EdcConnectorException(
          'SHARING_GROUP_NOT_FOUND',
          `No sharing group ${unknown} in this community`,
          {
            field: 'groups',
          },
        );
      await tx.store(ConnectorStore).replaceMapping(body.groups);
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'update',
        entity: 'edc-group-mapping',
        entityId: communityId,
        before: mine
          .filter((group) => group.edcGroupId !== null)
          .map((group) => ({ sharingGroupId: group.id, edcGroupId: group.edcGroupId })),
        after: body.groups,
      });
      const mapped = await tx.store(ConnectorStore).mappedGroups();
      return {
        groups: mapped.map((group) => ({
          edcGroupId: group.edcGroupId,
          sharingGroupId: group.sharingGroupId,
        })),
      };
    });
  }

  /** "Fetch now": a backfill of up to a year, in month chunks, in the worker; the status shows its progress. */
  async fetchNow(principal: Principal, communityId: string, body: FetchNowDto): Promise<FetchAcceptedView> {
    const yesterday = addDays(pragueToday(), -1);
    for (const field of ['from', 'to'] as const)
      if (!isLocalDate(body[field]))
        throw new EdcConnectorException(
          'INVALID_RANGE',
          `${field} "${body[field]}" is not a calendar date yyyy-mm-dd`,
          { field },
        );
    if (body.from > body.to)
      throw new EdcConnectorException('INVALID_RANGE', `from ${body.from} is after to ${body.to}`, {
        field: 'from',
      });
    if (body.to > yesterday)
      throw new EdcConnectorException(
        'INVALID_RANGE',
        `to ${body.to} is in the future for EDC: its data of a day arrive the next day, so the latest is ${yesterday}`,
        { field: 'to' },
      );
    if (dayCount(body.from, body.to) > MAX_BACKFILL_DAYS)
      throw new EdcConnectorException(
        'INVALID_RANGE',
        `${body.from} – ${body.to} is ${dayCount(body.from, body.to)} days; fetch at most ${MAX_BACKFILL_DAYS} days at once`,
        { field: 'from' },
      );
    const state = await this.asAdmin(principal, communityId, async (tx) => ({
      row: await tx.store(ConnectorStore).find(),
      mapped: await tx.store(ConnectorStore).mappedGroups(),
    }));
    const row = this.requireConfigured(state.row);
    if (state.mapped.length === 0)
      throw new EdcConnectorException(
        'NO_GROUP_MAPPED',
        'Map at least one EDC group to a Sdílna sharing group first',
      );
    if (row.progress?.requestId != null && (await this.jobs.fetchAlive(communityId, row.progress.requestId)))
      throw new EdcConnectorException(
        'FETCH_IN_PROGRESS',
        `A fetch of ${row.progress.from} – ${row.progress.to} is still running; wait until it finishes`,
      );
    const requestId = randomUUID();
    const rules = {
      finalAfterDay: this.config.EDC_FINAL_AFTER_DAY,
      dailyLookbackDays: this.config.EDC_DAILY_LOOKBACK_DAYS,
    };
    const chunks = monthChunks(body.from, body.to, pragueToday(), rules).length * state.mapped.length;
    await this.db.run(communityId, (tx) =>
      tx.store(ConnectorStore).setProgress({
        kind: 'backfill',
        requestId,
        from: body.from,
        to: body.to,
        done: 0,
        total: chunks,
        current: null,
        attempt: 0,
        startedAt: new Date().toISOString(),
      }),
    );
    await this.jobs.enqueueFetch(communityId, requestId, body.from, body.to);
    return { requestId, chunks };
  }

  private requireConfigured(row: ConnectorRow | undefined): ConnectorRow {
    this.keys.cipher();
    if (row === undefined)
      throw new EdcConnectorException(
        'CONNECTOR_NOT_CONFIGURED',
        "No EDC credentials are stored for this community; enter the representative's EDC log-in with consent first",
      );
    return row;
  }

  private async view(
    communityId: string,
    row: ConnectorRow | undefined,
    finalMonths: string[],
    mapped: number,
  ): Promise<ConnectorStatusView> {
    const base = { finalMonths: finalMonths.map((month) => month.slice(0, 7)), mappedGroups: mapped };
    if (!this.keys.available || row === undefined)
      return {
        ...base,
        state: this.keys.available ? 'not-configured' : 'unavailable',
        credentials: null,
        nightlyAt: null,
        nextRunAt: null,
        lastRunAt: null,
        lastSuccessAt: null,
        lastError: null,
        lastErrorAt: null,
        consecutiveFailures: 0,
        progress: null,
      };
    let progress = row.progress;
    // A backfill whose job is gone (finished, or the worker lost it) is no longer in progress.
    if (progress?.requestId != null && !(await this.jobs.fetchAlive(communityId, progress.requestId)))
      progress = null;
    const next =
      (await this.jobs.nextRun(communityId)) ?? nextRunAt(row.nightMinute, Date.now(), pragueToday());
    const lastErrorIsNewer =
      row.lastErrorAt !== null && (row.lastSuccessAt === null || row.lastErrorAt > row.lastSuccessAt);
    return {
      ...base,
      state:
        progress !== null
          ? lastErrorIsNewer && (row.lastErrorAt as Date).toISOString() > progress.startedAt
            ? 'retrying'
            : 'running'
          : lastErrorIsNewer
            ? 'failing'
            : row.lastSuccessAt !== null
              ? 'ok'
              : 'waiting',
      credentials: {
        username: row.usernameMasked,
        since: row.credentialsSetAt.toISOString(),
        consentAt: row.consentAt.toISOString(),
      },
      nightlyAt: clockOfMinute(row.nightMinute),
      nextRunAt: new Date(next).toISOString(),
      lastRunAt: row.lastRunAt?.toISOString() ?? null,
      lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
      lastError: lastErrorIsNewer ? row.lastError : null,
      lastErrorAt: lastErrorIsNewer ? (row.lastErrorAt?.toISOString() ?? null) : null,
      consecutiveFailures: row.consecutiveFailures,
      progress,
    };
  }
}
