import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { ReadingsStore } from '@sdilna/api/data-access-readings';
import { importJobId, recomputeAfterImportJobId } from '@sdilna/api/feature-imports';
import { JobProducer } from '@sdilna/api/util-jobs';

import { createTestApp } from '../support/create-test-app';
import {
  dayTotalsOf,
  freshFixture,
  generatedExport,
  generatedGroup,
  textOf,
  withoutLine,
} from '../support/edc-files';
import { bearer } from '../support/factories';
import { jobCompleted } from '../support/in-process-worker';
import { withOwner } from '../support/owner-database';
import {
  importOf,
  registerGroup,
  settledImport,
  upload,
  type ImportBody,
} from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('worker');

/** The real worker as its own process, exactly as `npm run start:worker` starts it. */
function spawnWorker(): { child: ChildProcess; started: Promise<void>; output: () => string } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    cwd: process.cwd(),
    // info: the "started" line this waits for is an info line (under test the default level is warn)
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Sdílna worker started')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`worker exited with ${code} before starting:\n${output}`)));
  });
  return { child, started, output: () => output };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the worker process', () => {
  let app: INestApplication;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null) child.kill('SIGTERM');
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  /** A running worker process for the tests that only need one. */
  async function ensureWorker(): Promise<void> {
    if (workers.some((child) => child.exitCode === null && child.signalCode === null)) return;
    const worker = spawnWorker();
    workers.push(worker.child);
    await worker.started;
  }

  it('leaves no partial data when killed mid-import, and the retried job ends with the same result', async () => {
    const model = generatedGroup(4, 496);
    const group = await registerGroup(app, model.points, model.key);
    const csv = await textOf(generatedExport(model, '2026-04-01', '2026-04-30', 5));
    const communityId = group.community.communityId;
    // Deterministic, however fast imports get: one owner connection holds the community's import lock, so the
    // worker marks the batch running and then waits at the start of its import transaction; a second one then
    // holds the batch row, so once the import runs it stops before it can commit (its progress report and its
    // final "done" update that row, and its days' edc_days rows key-share it) with days already written in its open
    // transaction; a fast import reaches none of these before it has written every day. Only then is the
    // worker killed.
    const accepted = await withOwner((importLock) =>
      withOwner(async (batchLock) => {
        const pidOf = async (connection: typeof importLock) =>
          ((await connection.query(`SELECT pg_backend_pid() AS pid`)) as Array<{ pid: number }>)[0]?.pid;
        const [importLockPid, batchLockPid] = [await pidOf(importLock), await pidOf(batchLock)];
        await importLock.startTransaction();
        await new ReadingsStore(ownerTransaction(importLock.manager, communityId)).lockCommunity();
        const first = spawnWorker();
        workers.push(first.child);
        await first.started;
        const uploaded = await upload(app, group.community, csv, 'large.csv');
        // The backend of the import's transaction: the one waiting for the import lock.
        const importPid = await until(
          'the worker to mark the import running and wait for the import lock',
          async () => {
            const body = await importOf(app, group.community, uploaded.id);
            expect(body.status, JSON.stringify(body.error)).not.toBe('failed');
            const [waiting] = (await batchLock.query(
              `SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
              [importLockPid],
            )) as Array<{ pid: number }>;
            return body.status === 'running' ? waiting?.pid : undefined;
          },
          90_000,
        );
        await batchLock.startTransaction();
        const [held] = (await batchLock.query(
          `SELECT status, progress FROM import_batches WHERE community_id = $1 AND id = $2 FOR UPDATE`,
          [communityId, uploaded.id],
        )) as Array<{ status: string; progress: number }>;
        expect(held).toMatchObject({ status: 'running' });
        expect(Number(held?.progress)).toBeLessThan(1);
        await importLock.commitTransaction();
        await until(
          'the import to have written readings and to wait for the batch row before its commit',
          async () => {
            // Asked outside a transaction: within one, pg_stat_activity stays a snapshot of its first read.
            const [state] = (await importLock.query(
              `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                               WHERE $1 = ANY(pg_blocking_pids(pid))) AS blocked,
                      EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                               WHERE l.pid = $2 AND l.granted AND l.mode = 'RowExclusiveLock'
                                 AND c.relname LIKE 'edc_readings%') AS writing`,
              [batchLockPid, importPid],
            )) as Array<{ blocked: boolean; writing: boolean }>;
            return state?.blocked === true && state.writing ? true : undefined;
          },
          90_000,
        );
        first.child.kill('SIGKILL');
        await new Promise((resolve) => first.child.once('exit', resolve));
        await batchLock.rollbackTransaction();
        return uploaded;
      }),
    );

    const month = { from: '2026-04-01', to: '2026-04-30', granularity: 'month' };
    const afterKill = await http()
      .get(`/api/communities/${group.community.communityId}/sharing`)
      .query(month)
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(
      afterKill.body.points.every(
        (point: { totals: { measuredKwh: number } }) => point.totals.measuredKwh === 0,
      ),
    ).toBe(true);
    expect((await importOf(app, group.community, accepted.id)).status).toBe('running');

    // BullMQ hands the job whose lock expired to the next worker (stalled-job check, ~30 s).
    const second = spawnWorker();
    workers.push(second.child);
    await second.started;
    const done: ImportBody & { attempts?: number } = await settledImport(
      app,
      group.community,
      accepted.id,
      150_000,
    );
    expect(done).toMatchObject({
      status: 'done',
      progress: 1,
      attempts: 2,
      period: { from: '2026-04-01', to: '2026-04-30' },
    });
    await jobCompleted(
      app,
      'sharing',
      recomputeAfterImportJobId(group.community.communityId, accepted.id),
      120_000,
    );

    const expected = await dayTotalsOf(csv);
    const stored = await http()
      .get(`/api/communities/${group.community.communityId}/sharing`)
      .query(month)
      .set(bearer(group.community.adminToken))
      .expect(200);
    const computed = await http()
      .get(`/api/communities/${group.community.communityId}/sharing`)
      .query({ ...month, source: 'computed' })
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(stored.body.points).toHaveLength(500);
    for (const point of stored.body.points as Array<{
      ean: string;
      totals: { measuredKwh: number; sharedKwh: number };
    }>) {
      const days = [...(expected.get(point.ean)?.values() ?? [])];
      expect(point.totals.measuredKwh).toBe(days.reduce((sum, day) => sum + day.measured, 0) / 100);
      expect(point.totals.sharedKwh).toBe(days.reduce((sum, day) => sum + day.shared, 0) / 100);
    }
    expect(computed.body.points).toEqual(stored.body.points);
  }, 300_000);

  it('creates its schedules once, however often a worker starts', async () => {
    await ensureWorker();
    const producer = app.get(JobProducer);
    const imports = await producer.queue('imports').getJobSchedulers();
    const sharing = await producer.queue('sharing').getJobSchedulers();
    expect(imports.map((scheduler) => scheduler.key)).toEqual(['inbox-scan']);
    expect(imports[0]).toMatchObject({ name: 'imports.scan-inbox', every: 300_000 });
    expect(sharing.map((scheduler) => scheduler.key).sort()).toEqual([
      'daily-completeness',
      'nightly-recompute',
    ]);
    expect(sharing.find((scheduler) => scheduler.key === 'nightly-recompute')).toMatchObject({
      pattern: '30 2 * * *',
      tz: 'Europe/Prague',
    });
  });

  it('imports files dropped into the inbox and files them under processed/ or failed/ with the outcome beside them', async () => {
    const fixture = await freshFixture();
    const group = await registerGroup(app, fixture.points, fixture.key);
    const folder = join(process.env['INBOX_DIR'] as string, group.community.communityId);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'april.csv'), fixture.csv);
    writeFileSync(join(folder, 'broken.csv'), withoutLine(fixture.csv, 1401));
    writeFileSync(join(folder, 'copying.csv.part'), 'still being written');
    const past = new Date(Date.now() - 60_000);
    for (const name of ['april.csv', 'broken.csv']) utimesSync(join(folder, name), past, past);
    const strangers = join(process.env['INBOX_DIR'] as string, '00000000-0000-4000-8000-000000000000');
    mkdirSync(strangers, { recursive: true });
    writeFileSync(join(strangers, 'lost.csv'), fixture.csv);
    utimesSync(join(strangers, 'lost.csv'), past, past);

    await ensureWorker();
    const producer = app.get(JobProducer);
    const scanId = `scan:test:${Date.now()}`;
    await producer.enqueue('imports.scan-inbox', { requestedAt: new Date().toISOString() }, scanId);
    expect(await jobCompleted(app, 'imports', scanId, 60_000)).toEqual({
      queued: 2,
      duplicates: 0,
      refused: 1,
    });

    const history = await http()
      .get(`/api/communities/${group.community.communityId}/imports`)
      .set(bearer(group.community.adminToken))
      .expect(200);
    const batches = history.body as Array<{ id: string; fileName: string; source: string }>;
    expect(batches.map((batch) => batch.fileName).sort()).toEqual(['april.csv', 'broken.csv']);
    for (const batch of batches) {
      expect(batch.source).toBe('inbox');
      await jobCompleted(app, 'imports', importJobId(group.community.communityId, batch.id), 90_000);
    }
    expect(readFileSync(join(folder, 'processed', 'april.csv'), 'utf8')).toBe(fixture.csv);
    expect(readFileSync(join(folder, 'processed', 'april.csv.result.txt'), 'utf8')).toMatch(
      /done: 2026-04-01 to 2026-04-30, 28 points/,
    );
    expect(readFileSync(join(folder, 'failed', 'broken.csv.result.txt'), 'utf8')).toMatch(
      /broken\.csv:1401:2: expected interval 13:45–14:00/,
    );
    expect(readFileSync(join(strangers, 'failed', 'lost.csv.result.txt'), 'utf8')).toMatch(
      /no community 00000000-0000-4000-8000-000000000000 exists/,
    );
    expect(readFileSync(join(folder, 'copying.csv.part'), 'utf8')).toBe('still being written');
  });
});

/** An owner's transaction as the transaction a store works in (the owner writes outside row-level security). */
function ownerTransaction(manager: EntityManager, communityId: string): TenantTransaction {
  return {
    communityId,
    manager,
    query: (sql, parameters) => manager.query(sql, parameters === undefined ? undefined : [...parameters]),
    store: (type) => new type(ownerTransaction(manager, communityId)),
  };
}
