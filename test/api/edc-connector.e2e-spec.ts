import { randomBytes, randomInt } from 'node:crypto';

import { Logger, type INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConnectorJobs, nightlySchedulerId, type ConnectorOutcome } from '@sdilna/api/feature-edc-connector';
import { recomputeAfterImportJobId } from '@sdilna/api/feature-imports';
import { EdcPortalStub, pairReportText, standardExportText } from '@sdilna/api/util-edc-portal-stub';
import { JobProducer } from '@sdilna/api/util-jobs';
import {
  edcDayWithComputedOut,
  parseKeyFile,
  allocateEdcDay,
  planEdcAllocation,
  type KeyFile,
} from '@sdilna/shared/domain-allocation';
import { daysInRange } from '@sdilna/shared/domain-core';
import { createEdcDayBlock, type EdcDayBlock, type EdcPoint } from '@sdilna/shared/domain-edc';

import { createTestApp } from '../support/create-test-app';
import { bearer, uniqueEan, type TestCommunity } from '../support/factories';
import { jobCompleted, startInProcessWorker } from '../support/in-process-worker';
import { MailCatcher } from '../support/mail-catcher';
import { withOwner } from '../support/owner-database';
import { registerGroup, settledImport, type ImportBody } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('edc-connector');

/** The representative's EDC log-in the stub accepts; it must never come back out of Sdílna. */
const ACCOUNT = {
  username: `zastupce-${randomBytes(3).toString('hex')}@lomnice.cz`,
  password: `EDC-${randomBytes(9).toString('hex')}`,
};

interface Group {
  readonly community: TestCommunity;
  readonly sseId: number;
  readonly points: readonly EdcPoint[];
}

interface Status {
  state: string;
  credentials: { username: string; since: string; consentAt: string } | null;
  nightlyAt: string | null;
  nextRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  progress: { done: number; total: number } | null;
  finalMonths: string[];
  mappedGroups: number;
}

/**
 * A producer and a consumer with a 100 % key: the producer exports 1 kWh and the consumer imports 0.5 kWh in every
 * quarter hour, so every quarter hour shares 0.5 kWh. The stub serves these days for any range EDC is asked for.
 */
function daysOf(points: readonly EdcPoint[], key: KeyFile, from: string, to: string): EdcDayBlock[] {
  const plan = planEdcAllocation(parseKeyFile(key), points, 'energy-community');
  return daysInRange(from, to).map((date) => {
    const day = createEdcDayBlock(date, points.length);
    const count = day.intervalCount;
    for (let i = 0; i < count; i++) {
      day.inValues[i] = 100;
      day.inValues[count + i] = -50;
      day.inPresent[i] = 1;
      day.inPresent[count + i] = 1;
    }
    return edcDayWithComputedOut(plan, day, allocateEdcDay(plan, day).result);
  });
}

describe('the EDC portal connector', () => {
  let app: INestApplication;
  let worker: TestingModule;
  const mail = new MailCatcher();
  const sources = new Map<number, { points: EdcPoint[]; key: KeyFile }>();
  const stub = new EdcPortalStub({
    ...ACCOUNT,
    groups: [],
    exports: async (request) => {
      const source = sources.get(request.sseId);
      if (source === undefined) return undefined;
      const days = daysOf(source.points, source.key, request.from, request.to);
      return request.kind === 'standard'
        ? standardExportText(source.points, days)
        : pairReportText(source.points, parseKeyFile(source.key), days);
    },
  });
  const logged: string[] = [];
  let jobCount = 0;

  beforeAll(async () => {
    await stub.start();
    Object.assign(process.env, stub.environment(), {
      SMTP_URL: await mail.start(),
      EDC_CREDENTIALS_KEYS: `e2e:${randomBytes(32).toString('base64')}`,
      EDC_REPORT_POLL_MS: '20',
      EDC_REPORT_TIMEOUT_MS: '1000',
      EDC_RETRY_ATTEMPTS: '2',
      EDC_RETRY_DELAY_MS: '50',
      EDC_NOTIFY_AFTER_FAILURES: '2',
      EDC_HTTP_TIMEOUT_MS: '5000',
    });
    app = await createTestApp();
    worker = await startInProcessWorker();
    captureLogs();
  });

  /** Every line the API and the worker log, at every level, passes through here to prove no secret is in one. */
  function captureLogs(): void {
    const record = (message: unknown, ...params: unknown[]): void => {
      logged.push(
        [message, ...params]
          .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
          .join(' '),
      );
    };
    Logger.overrideLogger({
      log: record,
      error: record,
      warn: record,
      debug: record,
      verbose: record,
      fatal: record,
    });
  }

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await stub.stop();
    await mail.stop();
  });

  const http = () => request(app.getHttpServer());
  const path = (community: TestCommunity, suffix = '') =>
    `/api/communities/${community.communityId}/edc-connector${suffix}`;

  /** A community whose EDC group (on the stub) has two points valid from 2026-01-01. */
  async function group(): Promise<Group> {
    const points: EdcPoint[] = [
      { ean: uniqueEan(), role: 'production' },
      { ean: uniqueEan(), role: 'consumption' },
    ];
    const key: KeyFile = {
      method: 'static',
      allocations: [{ producer: points[0]!.ean, consumer: points[1]!.ean, percent: 100 }],
    } as KeyFile;
    const registered = await registerGroup(app, points, key);
    const sseId = randomInt(100_000, 2_000_000_000);
    sources.set(sseId, { points, key });
    stub.groups.push({ id: sseId, name: `SSE ${registered.community.communityId.slice(0, 8)}` });
    return { community: registered.community, sseId, points };
  }

  async function connect(target: Group, password = ACCOUNT.password): Promise<void> {
    await http()
      .put(path(target.community, '/credentials'))
      .set(bearer(target.community.adminToken))
      .send({ username: ACCOUNT.username, password, consent: true })
      .expect(200);
    await http()
      .put(path(target.community, '/mapping'))
      .set(bearer(target.community.adminToken))
      .send({ groups: [{ edcGroupId: String(target.sseId), sharingGroupId: target.community.groupId }] })
      .expect(200);
  }

  async function status(target: Group): Promise<Status> {
    const response = await http()
      .get(path(target.community))
      .set(bearer(target.community.adminToken))
      .expect(200);
    return response.body as Status;
  }

  /** Runs the community's scheduled job as the schedule would, acting as of `requestedAt`. */
  async function nightly(target: Group, requestedAt: string): Promise<ConnectorOutcome> {
    const jobId = `edc-nightly-test:${process.pid}:${++jobCount}`;
    await worker.get(ConnectorJobs).enqueueNightly(target.community.communityId, requestedAt, jobId);
    return (await jobCompleted(worker, 'edc', jobId)) as ConnectorOutcome;
  }

  async function imports(target: Group): Promise<ImportBody[]> {
    const response = await http()
      .get(`/api/communities/${target.community.communityId}/imports`)
      .set(bearer(target.community.adminToken))
      .expect(200);
    return response.body as ImportBody[];
  }

  it('stores the credentials only with consent, encrypted, and shows a masked username only', async () => {
    const target = await group();
    expect((await status(target)).state).toBe('not-configured');
    const refused = await http()
      .put(path(target.community, '/credentials'))
      .set(bearer(target.community.adminToken))
      .send({ ...ACCOUNT, consent: false })
      .expect(422);
    expect(refused.body.error.code).toBe('CONSENT_REQUIRED');
    const stored = await http()
      .put(path(target.community, '/credentials'))
      .set(bearer(target.community.adminToken))
      .send({ ...ACCOUNT, consent: true })
      .expect(200);
    const body = stored.body as Status;
    expect(body.state).toBe('waiting');
    expect(body.credentials?.username).toMatch(/^za\*+@lomnice\.cz$/);
    expect(body.nightlyAt).toMatch(/^0[1-4]:[0-5]\d$/);
    expect(Date.parse(body.nextRunAt ?? '')).toBeGreaterThan(Date.now());
    expect(stored.text).not.toContain(ACCOUNT.password);
    expect(stored.text).not.toContain(ACCOUNT.username);
    const row = await withOwner(
      async (owner) =>
        (await owner.query(`SELECT * FROM edc_connectors WHERE community_id = $1`, [
          target.community.communityId,
        ])) as Array<Record<string, unknown>>,
    );
    expect(row).toHaveLength(1);
    expect(JSON.stringify(row)).not.toContain(ACCOUNT.password);
    expect(JSON.stringify(row)).not.toContain(ACCOUNT.username);
    const scheduler = await worker
      .get(JobProducer)
      .queue('edc')
      .getJobScheduler(nightlySchedulerId(target.community.communityId));
    expect(scheduler?.tz).toBe('Europe/Prague');
  });

  it('lists the account’s sharing groups and maps one to a Sdílna group, each at most once', async () => {
    const target = await group();
    await connect(target);
    const groups = await http()
      .get(path(target.community, '/groups'))
      .set(bearer(target.community.adminToken))
      .expect(200);
    expect(groups.body).toContainEqual({
      edcGroupId: String(target.sseId),
      name: expect.any(String) as string,
      sharingGroupId: target.community.groupId,
    });
    const twice = await http()
      .put(path(target.community, '/mapping'))
      .set(bearer(target.community.adminToken))
      .send({
        groups: [
          { edcGroupId: '1', sharingGroupId: target.community.groupId },
          { edcGroupId: '2', sharingGroupId: target.community.groupId },
        ],
      })
      .expect(422);
    expect(twice.body.error.code).toBe('MAPPING_DUPLICATE');
  });

  it('imports last month’s final calculation and the previous days on its nightly run, and the dashboard shows it', async () => {
    const target = await group();
    await connect(target);
    const outcome = await nightly(target, '2026-11-12T02:17:00Z');
    expect(outcome.status, JSON.stringify(outcome)).toBe('done');
    // October whole with the monthly calculation (final from the 12th), then the five previous days, daily.
    const asked = stub.exportRequests.filter((item) => item.sseId === target.sseId);
    expect(asked.map((item) => `${item.kind} ${item.calculationType} ${item.from} ${item.to}`)).toEqual([
      'standard MONTHLY 2026-10-01 2026-10-31',
      'pair MONTHLY 2026-10-01 2026-10-31',
      'standard DAILY 2026-11-07 2026-11-11',
      'pair DAILY 2026-11-07 2026-11-11',
    ]);
    expect(outcome.imports).toHaveLength(4);
    const october = outcome.imports.find((item) => item.fileName.includes('standard-monthly-2026-10-01'));
    const settled = await settledImport(app, target.community, october?.id ?? '');
    expect(settled.status, JSON.stringify(settled.error)).toBe('done');
    expect(settled.period).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    await jobCompleted(app, 'sharing', recomputeAfterImportJobId(target.community.communityId, settled.id));
    const sharing = await http()
      .get(`/api/communities/${target.community.communityId}/sharing`)
      .query({ from: '2026-10-01', to: '2026-10-31', granularity: 'month' })
      .set(bearer(target.community.adminToken))
      .expect(200);
    // 2 980 quarter hours in October 2026 (25 October has 25 hours), 0.5 kWh shared in each.
    expect(sharing.body.groups[0].sharedKwh).toBe(1490);

    const after = await status(target);
    expect(after.state).toBe('ok');
    expect(after.lastError).toBeNull();
    expect(after.finalMonths).toEqual(['2026-10']);
    expect(after.lastSuccessAt).not.toBeNull();

    // The next night asks for October no more, and the same days again import nothing twice.
    const again = await nightly(target, '2026-11-12T03:00:00Z');
    expect(again.status).toBe('done');
    // (A pair file counts as a duplicate once its import is done; the standard files are done already.)
    const standard = again.imports.filter((item) => item.fileName.includes('-standard-'));
    expect(standard).toHaveLength(1);
    expect(standard.every((item) => item.duplicate)).toBe(true);
    expect(
      stub.exportRequests.filter((item) => item.sseId === target.sseId && item.calculationType === 'MONTHLY'),
    ).toHaveLength(2);
  });

  it('backfills a range in month chunks on "fetch now" and refuses a range it cannot fetch', async () => {
    const target = await group();
    await connect(target);
    const accepted = await http()
      .post(path(target.community, '/fetch'))
      .set(bearer(target.community.adminToken))
      .send({ from: '2026-08-15', to: '2026-09-30' })
      .expect(202);
    expect(accepted.body.chunks).toBe(2);
    const outcome = (await jobCompleted(
      worker,
      'edc',
      `edc-fetch:${target.community.communityId}:${accepted.body.requestId as string}`,
    )) as ConnectorOutcome;
    expect(outcome.status).toBe('done');
    expect(outcome.imports.map((item) => item.fileName)).toEqual([
      `edc-${target.sseId}-standard-monthly-2026-08-15_2026-08-31.csv`,
      `edc-${target.sseId}-pair-monthly-2026-08-15_2026-08-31.csv`,
      `edc-${target.sseId}-standard-monthly-2026-09-01_2026-09-30.csv`,
      `edc-${target.sseId}-pair-monthly-2026-09-01_2026-09-30.csv`,
    ]);
    expect((await status(target)).progress).toBeNull();
    for (const body of [
      { from: '2026-01-01', to: '2099-01-01' },
      { from: '2024-01-01', to: '2025-06-30' },
      { from: '2026-09-30', to: '2026-09-01' },
      { from: '2026-02-30', to: '2026-03-01' },
    ]) {
      const refused = await http()
        .post(path(target.community, '/fetch'))
        .set(bearer(target.community.adminToken))
        .send(body)
        .expect(400);
      expect(refused.body.error.code).toMatch(/INVALID_RANGE|VALIDATION/);
    }
  });

  it('leaves a clear status, imports nothing and mails the administrators after repeated failures on a wrong password', async () => {
    const target = await group();
    // The administrator uses the English portal: the notice is in English (users.language; Czech is unit-tested).
    await withOwner((owner) =>
      owner.query(`UPDATE users SET language = 'en' WHERE email = $1`, [target.community.adminEmail]),
    );
    await connect(target, 'not-the-password');
    const first = await nightly(target, '2026-11-20T02:00:00Z');
    expect(first.status).toBe('failed');
    expect(first.error).toMatch(/refused the username or password/);
    const failing = await status(target);
    expect(failing.state).toBe('failing');
    expect(failing.lastError).toMatch(/refused the username or password/);
    expect(failing.consecutiveFailures).toBe(1);
    expect(mail.messages.filter((message) => message.to.includes(target.community.adminEmail))).toHaveLength(
      0,
    );
    const groups = await http()
      .get(path(target.community, '/groups'))
      .set(bearer(target.community.adminToken))
      .expect(422);
    expect(groups.body.error.code).toBe('EDC_CREDENTIALS_REFUSED');
    await nightly(target, '2026-11-21T02:00:00Z');
    const notice = await mail.lastTo(target.community.adminEmail);
    expect(notice.text).toMatch(/failed 2 times in a row/);
    expect(notice.text).not.toContain('not-the-password');
    await nightly(target, '2026-11-22T02:00:00Z');
    expect(mail.messages.filter((message) => message.to.includes(target.community.adminEmail))).toHaveLength(
      1,
    );
    expect(await imports(target)).toEqual([]);
  });

  it('leaves a clear status and imports nothing when the portal answers 5xx, never finishes a report or changes its answers', async () => {
    const cases: Array<{ name: string; arrange: () => void; error: RegExp }> = [
      {
        name: '5xx',
        arrange: () => (stub.behaviour.serverError = true),
        error: /answered 503 at the log-in page/,
      },
      {
        name: 'never-finishing report',
        arrange: () => (stub.behaviour.reportNeverFinishes = true),
        error: /did not finish the standard export of EDC group \d+ for 2026-10-01 – 2026-10-31/,
      },
      {
        name: 'changed shape',
        arrange: () => (stub.behaviour.changedShape = true),
        error: /unexpected shape at POST \/profiles-data\/standard\/export/,
      },
    ];
    for (const broken of cases) {
      const target = await group();
      await connect(target);
      broken.arrange();
      try {
        const outcome = await nightly(target, '2026-11-12T02:00:00Z');
        expect(outcome.status, broken.name).toBe('failed');
      } finally {
        stub.reset();
      }
      const after = await status(target);
      expect(after.state, broken.name).toBe('failing');
      expect(after.lastError, broken.name).toMatch(broken.error);
      expect(after.finalMonths, broken.name).toEqual([]);
      expect(await imports(target), broken.name).toEqual([]);
    }
  });

  it('wipes the credentials and the schedule on DELETE', async () => {
    const target = await group();
    await connect(target);
    await http()
      .delete(path(target.community, '/credentials'))
      .set(bearer(target.community.adminToken))
      .expect(204);
    expect((await status(target)).state).toBe('not-configured');
    const rows = await withOwner(
      async (owner) =>
        (await owner.query(`SELECT 1 FROM edc_connectors WHERE community_id = $1`, [
          target.community.communityId,
        ])) as unknown[],
    );
    expect(rows).toEqual([]);
    const schedulers = await worker.get(JobProducer).queue('edc').getJobSchedulers(0, -1);
    expect(schedulers.map((scheduler) => scheduler.key)).not.toContain(
      nightlySchedulerId(target.community.communityId),
    );
    const groups = await http()
      .get(path(target.community, '/groups'))
      .set(bearer(target.community.adminToken))
      .expect(409);
    expect(groups.body.error.code).toBe('CONNECTOR_NOT_CONFIGURED');
  });

  it('never answers the password or the username on any connector route', async () => {
    const target = await group();
    await connect(target);
    const answers = [
      await http().get(path(target.community)).set(bearer(target.community.adminToken)),
      await http().get(path(target.community, '/groups')).set(bearer(target.community.adminToken)),
      await http()
        .put(path(target.community, '/mapping'))
        .set(bearer(target.community.adminToken))
        .send({ groups: [{ edcGroupId: String(target.sseId), sharingGroupId: target.community.groupId }] }),
      await http()
        .post(path(target.community, '/fetch'))
        .set(bearer(target.community.adminToken))
        .send({ from: '2026-10-01', to: '2026-10-02' }),
      await http()
        .get(`/api/communities/${target.community.communityId}/audit-log`)
        .set(bearer(target.community.adminToken)),
    ];
    for (const answer of answers) {
      expect(answer.status, answer.text).toBeLessThan(300);
      expect(answer.text).not.toContain(ACCOUNT.password);
      expect(answer.text).not.toContain(ACCOUNT.username);
    }
  });

  // Near the end: the second worker it starts re-encrypts every stored envelope with a key the API does not know.
  it('re-encrypts stored credentials with the newest key when a key is added, and still uses them', async () => {
    const target = await group();
    await connect(target);
    const keyIds = async (): Promise<string[]> =>
      withOwner(async (owner) =>
        (
          (await owner.query(`SELECT credentials_key_id FROM edc_connectors WHERE community_id = $1`, [
            target.community.communityId,
          ])) as Array<{ credentials_key_id: string }>
        ).map((row) => row.credentials_key_id),
      );
    expect(await keyIds()).toEqual(['e2e']);
    const before = process.env['EDC_CREDENTIALS_KEYS'] as string;
    // An operator appends a key and restarts the worker: at start it seals every envelope again with the newest.
    await worker.close();
    process.env['EDC_CREDENTIALS_KEYS'] = `${before},e2e-next:${randomBytes(32).toString('base64')}`;
    try {
      worker = await startInProcessWorker();
      captureLogs();
    } finally {
      process.env['EDC_CREDENTIALS_KEYS'] = before;
    }
    expect(await keyIds()).toEqual(['e2e-next']);
    const outcome = await nightly(target, '2026-11-05T02:00:00Z');
    expect(outcome.status, JSON.stringify(outcome)).toBe('done');
  });

  it('never writes the password, the username or a portal token into a log line', () => {
    const output = logged.join('');
    expect(output).toContain('EDC connector of community');
    expect(output).not.toContain(ACCOUNT.password);
    expect(output).not.toContain(ACCOUNT.username);
    expect(stub.issuedSecrets.length).toBeGreaterThan(0);
    for (const secret of stub.issuedSecrets) expect(output).not.toContain(secret);
  });
});
