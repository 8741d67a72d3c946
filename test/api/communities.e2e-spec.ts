import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { bearer, createMember, signUp } from '../support/factories';
import { withOwner } from '../support/owner-database';

describe('communities, sharing groups and the audit log', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('lets a signed-in user create another community and lists both with roles', async () => {
    const community = await signUp(app, 'energy-community', 'First');
    const second = await http()
      .post('/api/communities')
      .set(bearer(community.adminToken))
      .send({ name: 'Second', type: 'active-customer', territoryOrp: ['Třeboň'] })
      .expect(201);
    expect(second.body).toMatchObject({ name: 'Second', type: 'active-customer', territoryOrp: ['Třeboň'] });
    const list = await http().get('/api/communities').set(bearer(community.adminToken)).expect(200);
    expect(list.body.map((c: { name: string; roles: string[] }) => [c.name, c.roles])).toEqual([
      ['First', ['community-admin']],
      ['Second', ['community-admin']],
    ]);
  });

  it('updates name, IČO and territory but never the type', async () => {
    const community = await signUp(app);
    const base = `/api/communities/${community.communityId}`;
    const updated = await http()
      .patch(base)
      .set(bearer(community.adminToken))
      .send({ name: 'Renamed', ico: '00245381', territoryOrp: ['Třeboň', 'Jindřichův Hradec'] })
      .expect(200);
    expect(updated.body).toMatchObject({ name: 'Renamed', ico: '00245381', type: 'energy-community' });
    const typeChange = await http()
      .patch(base)
      .set(bearer(community.adminToken))
      .send({ type: 'active-customer' })
      .expect(400);
    expect(typeChange.body.error.code).toBe('VALIDATION_FAILED');
    await http().patch(base).set(bearer(community.adminToken)).send({ ico: '12345678' }).expect(400);
  });

  it('keeps EDC group ids unique within a community', async () => {
    const community = await signUp(app);
    const base = `/api/communities/${community.communityId}/sharing-groups`;
    await http()
      .patch(`${base}/${community.groupId}`)
      .set(bearer(community.adminToken))
      .send({ edcGroupId: '0000018947' })
      .expect(200);
    const duplicate = await http()
      .post(base)
      .set(bearer(community.adminToken))
      .send({ name: 'Second', edcGroupId: '0000018947' })
      .expect(409);
    expect(duplicate.body.error.code).toBe('EDC_GROUP_ID_TAKEN');
    await http()
      .post(base)
      .set(bearer(community.adminToken))
      .send({ name: 'Second', edcGroupId: '0000018948' })
      .expect(201);
    const groups = await http().get(base).set(bearer(community.adminToken)).expect(200);
    expect(groups.body).toHaveLength(2);
  });

  it('records who changed what, with the values before and after', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community, { name: 'Before' });
    await http()
      .patch(`/api/communities/${community.communityId}/members/${member.id}`)
      .set(bearer(community.adminToken))
      .send({ name: 'After' })
      .expect(200);
    const log = await http()
      .get(`/api/communities/${community.communityId}/audit-log?entity=member&entityId=${member.id}`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(log.body.total).toBe(2);
    expect(log.body.items[0]).toMatchObject({
      action: 'update',
      actorUserId: community.adminUserId,
      before: { name: 'Before' },
      after: { name: 'After' },
    });
    expect(log.body.items[1]).toMatchObject({ action: 'create', before: null, after: { name: 'Before' } });
  });

  it('lets a platform administrator into any community without listing it as theirs', async () => {
    const community = await signUp(app, 'energy-community', 'Supported community');
    const operator = await signUp(app, 'active-customer', 'Operator’s own');
    await withOwner((connection) =>
      connection.query(`UPDATE users SET platform_admin = true WHERE id = $1`, [operator.adminUserId]),
    );
    const seen = await http()
      .get(`/api/communities/${community.communityId}`)
      .set(bearer(operator.adminToken))
      .expect(200);
    expect(seen.body.name).toBe('Supported community');
    await http()
      .get(`/api/communities/${community.communityId}/members`)
      .set(bearer(operator.adminToken))
      .expect(200);
    const mine = await http().get('/api/communities').set(bearer(operator.adminToken)).expect(200);
    expect(mine.body.map((c: { id: string }) => c.id)).toEqual([operator.communityId]);
  });

  it('describes the registry in the OpenAPI document', async () => {
    const response = await http().get('/api/docs/openapi.json').expect(200);
    const paths = Object.keys(response.body.paths as object);
    for (const path of [
      '/api/auth/signup',
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/auth/password-reset',
      '/api/auth/invitations/accept',
      '/api/me',
      '/api/communities',
      '/api/communities/{communityId}/members',
      '/api/communities/{communityId}/members/import',
      '/api/communities/{communityId}/metering-points',
      '/api/communities/{communityId}/metering-points/import',
      '/api/communities/{communityId}/metering-points/{pointId}/prices',
      '/api/communities/{communityId}/sources',
      '/api/communities/{communityId}/allocation-keys',
      '/api/communities/{communityId}/allocation-keys/{keyId}/export',
      '/api/communities/{communityId}/sharing-groups/{groupId}/iteration',
      '/api/communities/{communityId}/invitations',
    ]) {
      expect(paths).toContain(path);
    }
    const list = response.body.paths['/api/communities/{communityId}/members'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'offset', 'kind', 'q']),
    );
    expect(response.body.components.schemas.CreateMemberDto.properties.kind.enum).toContain('municipal-unit');
  });
});
