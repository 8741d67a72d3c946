import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { bearer, create, createPoint, signUp } from '../support/factories';

describe('generation sources', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('registers a PV plant on a production point and derives that it is renewable', async () => {
    const community = await signUp(app);
    const point = await createPoint(app, community, { role: 'production' });
    const source = await create(app, community, 'sources', {
      name: 'FVE ČOV',
      kind: 'pv',
      installedKw: 31.9,
      meteringPointId: point.id,
    });
    expect(source).toMatchObject({
      kind: 'pv',
      installedKw: 31.9,
      renewable: true,
      meteringPointId: point.id,
    });
    const chp = await create(app, community, 'sources', {
      name: 'KGJ MÚ',
      kind: 'chp',
      installedKw: 30,
      meteringPointId: point.id,
    });
    expect(chp.renewable).toBe(false);
  });

  it('refuses a source on a consumption point', async () => {
    const community = await signUp(app);
    const point = await createPoint(app, community, { role: 'consumption' });
    const response = await http()
      .post(`/api/communities/${community.communityId}/sources`)
      .set(bearer(community.adminToken))
      .send({ name: 'FVE', kind: 'pv', installedKw: 10, meteringPointId: point.id })
      .expect(422);
    expect(response.body.error.code).toBe('SOURCE_POINT_NOT_PRODUCTION');
  });

  it('refuses a non-renewable source in a renewable community and admits PV and batteries', async () => {
    const community = await signUp(app, 'renewable-community');
    const point = await createPoint(app, community, { role: 'production' });
    const response = await http()
      .post(`/api/communities/${community.communityId}/sources`)
      .set(bearer(community.adminToken))
      .send({ name: 'KGJ', kind: 'chp', installedKw: 30, meteringPointId: point.id })
      .expect(422);
    expect(response.body.error.code).toBe('RENEWABLE_COMMUNITY_REFUSES_NON_RENEWABLE_SOURCE');
    await create(app, community, 'sources', {
      name: 'FVE',
      kind: 'pv',
      installedKw: 40.2,
      meteringPointId: point.id,
    });
    await create(app, community, 'sources', {
      name: 'Baterie',
      kind: 'battery',
      installedKw: 39.8,
      meteringPointId: point.id,
    });
  });

  it('lists, filters, updates and deletes sources', async () => {
    const community = await signUp(app);
    const point = await createPoint(app, community, { role: 'production' });
    const pv = await create(app, community, 'sources', {
      name: 'FVE',
      kind: 'pv',
      installedKw: 35.2,
      meteringPointId: point.id,
    });
    await create(app, community, 'sources', {
      name: 'Baterie',
      kind: 'battery',
      installedKw: 34.8,
      meteringPointId: point.id,
    });
    const base = `/api/communities/${community.communityId}/sources`;
    const list = await http().get(`${base}?kind=pv`).set(bearer(community.adminToken)).expect(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: pv.id }] });
    const patched = await http()
      .patch(`${base}/${pv.id}`)
      .set(bearer(community.adminToken))
      .send({ installedKw: 36 })
      .expect(200);
    expect(patched.body.installedKw).toBe(36);
    await http().delete(`${base}/${pv.id}`).set(bearer(community.adminToken)).expect(204);
    await http().get(`${base}/${pv.id}`).set(bearer(community.adminToken)).expect(404);
  });
});
