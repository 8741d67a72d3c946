import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import type { EdcFile } from '../support/edc-files';
import { bearer, signUp } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { importedFixtureGroup, memberLogin, type RegisteredGroup } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('sharing-groups');

describe('the group overview (GET .../sharing/groups)', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let fixture: EdcFile;
  let group: RegisteredGroup;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
    ({ fixture, group } = await importedFixtureGroup(app));
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const http = () => request(app.getHttpServer());
  const path = (suffix: string) => `/api/communities/${group.community.communityId}/${suffix}`;

  it('answers the same group totals as GET .../sharing for both sources, without the points', async () => {
    for (const [from, to] of [
      ['2026-04-01', '2026-04-30'],
      ['2026-04-03', '2026-04-17'],
    ] as const) {
      for (const source of ['edc', 'computed'] as const) {
        const full = await http()
          .get(path('sharing'))
          .query({ from, to, granularity: 'month', source })
          .set(bearer(group.community.adminToken))
          .expect(200);
        const overview = await http()
          .get(path('sharing/groups'))
          .query({ from, to, source })
          .set(bearer(group.community.adminToken))
          .expect(200);
        expect(overview.body).toEqual({ from, to, source, groups: full.body.groups });
        expect(overview.body.groups).toHaveLength(1);
        expect(overview.body.groups[0].sharedKwh).toBeGreaterThan(0);
      }
    }
  });

  it('has no groups for a period without data and refuses a reversed period', async () => {
    const empty = await http()
      .get(path('sharing/groups'))
      .query({ from: '2025-01-01', to: '2025-01-31' })
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(empty.body).toEqual({ from: '2025-01-01', to: '2025-01-31', source: 'edc', groups: [] });
    const reversed = await http()
      .get(path('sharing/groups'))
      .query({ from: '2026-04-30', to: '2026-04-01' })
      .set(bearer(group.community.adminToken))
      .expect(400);
    expect(reversed.body.error.code).toBe('PERIOD_INVALID');
  });

  it('is for administrators: a member gets 403 and another community 404', async () => {
    const own = fixture.points[3]?.ean as string;
    const token = await memberLogin(app, group.community, group.points.get(own)?.memberId as string);
    const forbidden = await http()
      .get(path('sharing/groups'))
      .query({ from: '2026-04-01', to: '2026-04-30' })
      .set(bearer(token))
      .expect(403);
    expect(forbidden.body.error.code).toBe('ROLE_FORBIDDEN');
    const other = await signUp(app);
    const foreign = await http()
      .get(`/api/communities/${other.communityId}/sharing/groups`)
      .query({ from: '2026-04-01', to: '2026-04-30' })
      .set(bearer(group.community.adminToken))
      .expect(404);
    expect(foreign.body.error.code).toBe('COMMUNITY_NOT_FOUND');
  });
});
