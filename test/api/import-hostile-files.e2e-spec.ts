import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { freshFixture, shiftPoint } from '../support/edc-files';
import { bearer } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { registerGroup, settledImport, type RegisteredGroup } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('import-hostile-files');

/** 2³² hundredths of a kWh: what an int32 store silently drops (42 949 672,96 kWh). */
const WRAP = 2 ** 32;

/** Deterministic bytes that are not text (a seeded LCG, so a failure can be reproduced). */
function binaryJunk(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('EDC imports of broken files end failed with a clear message and store nothing', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let owner: DataSource;
  let group: RegisteredGroup;
  let fixtureCsv: string;
  const responses: number[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
    owner = new DataSource({ type: 'postgres', url: process.env['MIGRATION_DATABASE_URL'] as string });
    await owner.initialize();
    const fixture = await freshFixture();
    fixtureCsv = fixture.csv;
    group = await registerGroup(app, fixture.points, fixture.key);
  });

  afterAll(async () => {
    // no request of this spec may have answered 5xx
    expect(responses.filter((status) => status >= 500)).toEqual([]);
    await owner?.destroy();
    await worker?.close();
    await app?.close();
  });

  async function uploadBytes(
    bytes: Buffer,
    fileName: string,
  ): Promise<{ id: string; status: string; duplicate: boolean }> {
    const response = await request(app.getHttpServer())
      .post(`/api/communities/${group.community.communityId}/imports`)
      .set(bearer(group.community.adminToken))
      .attach('file', bytes, fileName);
    responses.push(response.status);
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    return response.body as { id: string; status: string; duplicate: boolean };
  }

  async function storedRows(): Promise<number> {
    const [row] = (await owner.query(
      `SELECT (SELECT count(*) FROM readings WHERE community_id = $1)
            + (SELECT count(*) FROM pair_readings WHERE community_id = $1) AS n`,
      [group.community.communityId],
    )) as Array<{ n: string }>;
    return Number(row?.n);
  }

  /** Uploads, waits (well within the test) for the final state, and checks that nothing was stored. */
  async function failedImport(bytes: Buffer, fileName: string) {
    const accepted = await uploadBytes(bytes, fileName);
    expect(accepted.duplicate).toBe(false);
    const settled = await settledImport(app, group.community, accepted.id, 60_000);
    expect(settled.status, JSON.stringify(settled)).toBe('failed');
    expect(await storedRows()).toBe(0);
    return { id: accepted.id, settled };
  }

  it('refuses 42 949 672,96 kWh more than the fixture (which int32 storage wrapped back) as too large to store', async () => {
    // Line 2 = the first data row; the producer's IN and OUT both grow by 2³² hundredths, so after a silent
    // wrap-around the file would be the valid fixture again and import as `done`.
    const csv = shiftPoint(fixtureCsv, 2, 0, WRAP);
    expect(csv.split('\n')[1]).toContain(';42949672,96;');
    const { settled } = await failedImport(Buffer.from(csv, 'utf8'), 'wrapped.csv');
    expect(settled.error).toMatchObject({
      file: 'wrapped.csv',
      line: 2,
      column: 4,
      message: expect.stringContaining(
        '"42949672,96" kWh is larger than the largest value that can be stored (21474836,47 kWh)',
      ),
    });
  });

  it('refuses 20 000 000 kWh in one interval as implausible (EDC_MAX_KWH_PER_INTERVAL, default 10 000 kWh)', async () => {
    const csv = shiftPoint(fixtureCsv, 3, 0, 2_000_000_000);
    const { settled } = await failedImport(Buffer.from(csv, 'utf8'), 'implausible.csv');
    expect(settled.error).toMatchObject({
      line: 3,
      column: 4,
      message: expect.stringContaining(
        'expected at most 10000 kWh per 15 minutes (EDC_MAX_KWH_PER_INTERVAL)',
      ),
    });
  });

  it('refuses a file with a NUL byte, naming its line and column, and lets the same file be uploaded again', async () => {
    const lines = fixtureCsv.split('\n');
    lines[4] = `${(lines[4] as string).slice(0, 20)}\u0000${(lines[4] as string).slice(20)}`;
    const bytes = Buffer.from(lines.join('\n'), 'utf8');
    const first = await failedImport(bytes, 'nul.csv');
    expect(first.settled.error?.line).toBe(5);
    expect(first.settled.error?.message).toMatch(/^not a text file: byte 0x00 at line 5 column 21; expected/);
    // A failed batch does not block its file: the same bytes are a new import, not a "duplicate" of the first.
    const again = await failedImport(bytes, 'nul.csv');
    expect(again.id).not.toBe(first.id);
    expect(again.settled.error?.message).toBe(first.settled.error?.message);
  });

  it('refuses UTF-16 text, saying to save it as UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixtureCsv, 'utf16le')]);
    const { settled } = await failedImport(bytes, 'utf16.csv');
    expect(settled.error).toMatchObject({
      line: 1,
      message: 'UTF-16 text is not an EDC export; save it as UTF-8 (or windows-1250)',
    });
  });

  it('refuses binary junk as not a text file, and again when it is uploaded a second time', async () => {
    const junk = binaryJunk(64 * 1024, 20_261_207);
    const first = await failedImport(junk, 'junk.csv');
    expect(first.settled.error?.message).toMatch(
      /^not a text file: byte 0x[0-9a-f]{2} at line \d+ column \d+/,
    );
    const again = await failedImport(junk, 'junk.csv');
    expect(again.id).not.toBe(first.id);
  });

  it('lists every one of these imports as failed, none running', async () => {
    const history = await request(app.getHttpServer())
      .get(`/api/communities/${group.community.communityId}/imports`)
      .set(bearer(group.community.adminToken));
    responses.push(history.status);
    expect(history.status).toBe(200);
    const statuses = (history.body as Array<{ status: string }>).map((batch) => batch.status);
    expect(statuses).toHaveLength(7);
    expect(new Set(statuses)).toEqual(new Set(['failed']));
  });
});
