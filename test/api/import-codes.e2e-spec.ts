import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { freshFixture } from '../support/edc-files';
import { bearer, create, createMember } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { registerGroup, settledImport, upload } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';

// Issue 18: every problem of an import has a code and params a client can tell in its language; a failed import
// keeps its problems; a failed import whose only fault is unknown points is imported again after registering them.
useScratchStorage('import-codes');

interface Problem {
  message: string;
  code: string;
  params?: Record<string, string | number>;
  line?: number;
  column?: number;
  ean?: string;
}

describe('import problems with codes, and importing a failed file again', () => {
  let app: INestApplication;
  let worker: TestingModule;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  it('lists two unknown EANs with code, role and the first day, then imports the stored file again once they are registered', async () => {
    const fixture = await freshFixture();
    const unknown = [fixture.points[3], fixture.points[5]].map((point) => point!);
    const group = await registerGroup(app, fixture.points, undefined, {
      skip: unknown.map((point) => point.ean),
    });
    const { community } = group;
    const accepted = await upload(app, community, fixture.csv, 'duben.csv');
    const failed = (await settledImport(app, community, accepted.id)) as unknown as {
      status: string;
      error: Problem;
      problems: Problem[];
      warnings: Problem[];
    };
    expect(failed.status).toBe('failed');
    expect(failed.warnings).toEqual([]);
    expect(failed.problems).toHaveLength(2);
    unknown.forEach((point, k) => {
      expect(failed.problems[k]).toMatchObject({
        code: 'EAN_NOT_REGISTERED',
        line: 1,
        ean: point.ean,
        params: { ean: point.ean, role: point.role, firstDay: '2026-04-01' },
      });
    });
    expect(failed.error).toMatchObject({ code: 'EAN_NOT_REGISTERED', params: { more: 1 } });
    // kept in the history, not only in the answer of the upload
    const history = await http()
      .get(`/api/communities/${community.communityId}/imports`)
      .set(bearer(community.adminToken));
    expect((history.body.items ?? history.body)[0]).toMatchObject({
      id: accepted.id,
      problems: failed.problems,
    });

    // imported again while its points are still unknown, it fails the same way (and is a new batch, not a duplicate)
    const early = await http()
      .post(`/api/communities/${community.communityId}/imports/${accepted.id}/retry`)
      .set(bearer(community.adminToken));
    expect(early.status, JSON.stringify(early.body)).toBe(202);
    expect(early.body).toMatchObject({ status: 'queued', duplicate: false });
    expect((await settledImport(app, community, early.body.id)).status).toBe('failed');

    for (const point of unknown) {
      const member = await createMember(app, community);
      await create(app, community, 'metering-points', {
        ean: point.ean,
        role: point.role,
        memberId: member.id,
        validFrom: '2026-04-01',
      });
    }
    const retried = await http()
      .post(`/api/communities/${community.communityId}/imports/${accepted.id}/retry`)
      .set(bearer(community.adminToken));
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body.id).not.toBe(accepted.id);
    const done = await settledImport(app, community, retried.body.id);
    expect(done).toMatchObject({
      status: 'done',
      period: { from: '2026-04-01', to: '2026-04-30' },
    });
    expect((done as unknown as { fileName: string }).fileName).toBe('duben.csv');

    // only a failed import can be imported again; the failed one stays failed in the history
    const again = await http()
      .post(`/api/communities/${community.communityId}/imports/${retried.body.id}/retry`)
      .set(bearer(community.adminToken));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'IMPORT_NOT_FAILED' });
    expect((await settledImport(app, community, accepted.id)).status).toBe('failed');
    const missing = await http()
      .post(`/api/communities/${community.communityId}/imports/00000000-0000-4000-8000-000000000000/retry`)
      .set(bearer(community.adminToken));
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'IMPORT_NOT_FOUND' });
  });

  it('gives a format problem of the EDC reader its code, position and the offending cell', async () => {
    const fixture = await freshFixture();
    const group = await registerGroup(app, fixture.points, undefined);
    const lines = fixture.csv.split('\n');
    const cells = (lines[4] as string).split(';');
    cells[3] = '1.25';
    lines[4] = cells.join(';');
    const accepted = await upload(app, group.community, lines.join('\n'));
    const failed = (await settledImport(app, group.community, accepted.id)) as unknown as {
      status: string;
      error: Problem;
      problems: Problem[];
    };
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({
      code: 'VALUE_FORMAT',
      line: 5,
      column: 4,
      params: {
        column: `IN-${fixture.points[0]!.ean}-${fixture.points[0]!.role === 'production' ? 'D' : 'O'}`,
        found: '1.25',
      },
    });
    expect(failed.problems).toEqual([failed.error]);
  });

  it('gives a role mismatch ROLE_MISMATCH with both roles', async () => {
    const fixture = await freshFixture();
    const swapped = fixture.points[0]!;
    const group = await registerGroup(app, fixture.points, undefined, { skip: [swapped.ean] });
    const member = await createMember(app, group.community);
    const other = swapped.role === 'production' ? 'consumption' : 'production';
    await create(app, group.community, 'metering-points', {
      ean: swapped.ean,
      role: other,
      memberId: member.id,
      validFrom: '2026-01-01',
    });
    const accepted = await upload(app, group.community, fixture.csv);
    const failed = (await settledImport(app, group.community, accepted.id)) as unknown as {
      status: string;
      problems: Problem[];
    };
    expect(failed.status).toBe('failed');
    expect(failed.problems).toEqual([
      expect.objectContaining({
        code: 'ROLE_MISMATCH',
        params: { ean: swapped.ean, registered: other, file: swapped.role },
      }),
    ]);
  });
});
