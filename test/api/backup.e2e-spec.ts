import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dropDatabase } from '@sdilna/api/data-access-db';

import { createTestApp } from '../support/create-test-app';
import { freshFixture } from '../support/edc-files';
import { bearer, type TestCommunity } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { registerGroup, settledImport, upload } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';
import { approveAndFinalize, postPriceList, settleDraft } from '../support/settlement-community';

const storage = useScratchStorage('backup');

interface Snapshot {
  documents: Record<string, { pdf: string; isdoc: string; gross: string }>;
  runTotals: unknown;
  sharing: unknown;
  imports: unknown;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      'npm',
      ['run', '--silent', script, '--', ...args],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/** Everything a person could read of the community: every document's PDF and ISDOC, the run, sharing, imports. */
async function snapshot(app: INestApplication, community: TestCommunity, runId: string): Promise<Snapshot> {
  const http = () => request(app.getHttpServer());
  const auth = bearer(community.adminToken);
  const base = `/api/communities/${community.communityId}`;
  const list = await http().get(`${base}/documents`).set(auth).expect(200);
  const documents: Snapshot['documents'] = {};
  for (const document of list.body as Array<{ id: string; gross: string }>) {
    const pdf = await http().get(`${base}/documents/${document.id}/pdf`).set(auth).buffer(true).expect(200);
    const isdoc = await http().get(`${base}/documents/${document.id}/isdoc`).set(auth).expect(200);
    documents[document.id] = {
      pdf: sha256(pdf.body as Buffer),
      isdoc: sha256(isdoc.text),
      gross: document.gross,
    };
  }
  const runBody = (await http().get(`${base}/settlements/${runId}`).set(auth).expect(200)).body as {
    totals: unknown;
    members: unknown;
  };
  const sharing = await http()
    .get(`${base}/sharing?from=2026-04-01&to=2026-04-30&granularity=month`)
    .set(auth)
    .expect(200);
  const imports = await http().get(`${base}/imports`).set(auth).expect(200);
  return {
    documents,
    runTotals: [runBody.totals, runBody.members],
    sharing: sharing.body,
    imports: imports.body,
  };
}

describe('npm run db:backup and db:restore', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let community: TestCommunity;
  let runId = '';
  let before: Snapshot;
  const restoredName = `${process.env['TEST_DATABASE_NAME'] ?? 'sdilna_test'}_restored`;
  const owner = new URL(process.env['MIGRATION_DATABASE_URL'] ?? '');
  const restoredOwner = new URL(owner.toString());
  restoredOwner.pathname = `/${restoredName}`;
  const restoredApp = new URL(process.env['DATABASE_URL'] ?? '');
  restoredApp.pathname = `/${restoredName}`;
  const backupRoot = mkdtempSync(join(tmpdir(), 'sdilna-backups-'));

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
    const fixture = await freshFixture();
    const group = await registerGroup(app, fixture.points, fixture.key);
    community = group.community;
    const accepted = await upload(app, community, fixture.csv, 'group-a-2026-04.csv');
    expect((await settledImport(app, community, accepted.id)).status).toBe('done');
    await postPriceList(app, community, { pricePerKwh: '3.00' });
    runId = (await settleDraft(app, community, '2026-04')).id;
    await approveAndFinalize(app, community, runId);
    before = await snapshot(app, community, runId);
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await dropDatabase(restoredOwner.toString());
  });

  it('restores a settled community into a new database: every document, figure and stored file the same', async () => {
    expect(Object.keys(before.documents).length).toBeGreaterThan(1);
    const backup = await run('db:backup', ['--out', backupRoot], {});
    expect(backup.code, backup.out).toBe(0);
    const [folder] = readdirSync(backupRoot);
    expect(folder).toMatch(/^sdilna-/);
    const backupDir = join(backupRoot, folder as string);
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as {
      files: Array<{ path: string }>;
    };
    expect(manifest.files.some((file) => file.path.startsWith('files/uploads/'))).toBe(true);

    const restoredUploads = join(mkdtempSync(join(tmpdir(), 'sdilna-restored-')), 'uploads');
    const restore = await run('db:restore', [backupDir], {
      MIGRATION_DATABASE_URL: restoredOwner.toString(),
      DATABASE_URL: restoredApp.toString(),
      UPLOAD_DIR: restoredUploads,
    });
    expect(restore.code, restore.out).toBe(0);

    // The same API code on the restored database and uploads, reached with the same login session.
    const saved = { DATABASE_URL: process.env['DATABASE_URL'], UPLOAD_DIR: process.env['UPLOAD_DIR'] };
    process.env['DATABASE_URL'] = restoredApp.toString();
    process.env['UPLOAD_DIR'] = restoredUploads;
    const restoredApi = await createTestApp();
    try {
      const after = await snapshot(restoredApi, community, runId);
      expect(after).toEqual(before);
    } finally {
      await restoredApi.close();
      Object.assign(process.env, saved);
    }
    const uploaded = manifest.files.filter((file) => file.path.startsWith('files/uploads/'));
    for (const file of uploaded) {
      const relative = file.path.slice('files/uploads/'.length);
      expect(sha256(readFileSync(join(restoredUploads, relative)))).toBe(
        sha256(readFileSync(join(storage.uploadDir, relative))),
      );
    }
  });

  it('refuses a damaged backup and a database that is not empty, and restores nothing', async () => {
    const [folder] = readdirSync(backupRoot);
    const backupDir = join(backupRoot, folder as string);
    const refusedFull = await run('db:restore', [backupDir], {
      MIGRATION_DATABASE_URL: restoredOwner.toString(),
      DATABASE_URL: restoredApp.toString(),
    });
    expect(refusedFull.code).toBe(2);
    expect(refusedFull.out).toContain(`database ${restoredName} is not empty`);

    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as {
      files: Array<{ path: string }>;
    };
    const victim = manifest.files.find((file) => file.path.startsWith('files/uploads/'));
    writeFileSync(join(backupDir, victim?.path ?? ''), 'tampered');
    const otherOwner = new URL(restoredOwner.toString());
    otherOwner.pathname = `/${restoredName}_2`;
    const refusedDamaged = await run('db:restore', [backupDir], {
      MIGRATION_DATABASE_URL: otherOwner.toString(),
    });
    expect(refusedDamaged.code).toBe(2);
    expect(refusedDamaged.out).toContain(`is damaged; nothing was restored`);
    expect(refusedDamaged.out).toContain(victim?.path);
    await dropDatabase(otherOwner.toString());
  });
});
