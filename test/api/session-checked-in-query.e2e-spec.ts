import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SESSION_CHECKED_IN_QUERY_KEY } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';

import { createTestApp } from '../support/create-test-app';
import { bearer, create, createPoint, signUp, type TestCommunity } from '../support/factories';
import { memberLogin } from '../support/readings-community';
import { routeCatalog } from '../support/route-catalog';

/** The routes whose one statement checks the session (`@SessionCheckedInQuery()`), with a request for each. */
const ROUTES: Record<string, (communityId: string) => string> = {
  'GET communities/:communityId/sharing': (id) =>
    `/api/communities/${id}/sharing?from=2026-04-01&to=2026-04-30&granularity=day`,
  'GET communities/:communityId/sharing/groups': (id) =>
    `/api/communities/${id}/sharing/groups?from=2026-04-01&to=2026-04-30`,
};

/** Every handler that carries the marker, as `METHOD path`. */
function markedRoutes(app: INestApplication): string[] {
  return routeCatalog(app)
    .filter((route) => Reflect.getMetadata(SESSION_CHECKED_IN_QUERY_KEY, route.handler) === true)
    .map((route) => `${route.method} ${route.path}`)
    .sort();
}

describe('routes that check the session in their own statement', () => {
  let app: INestApplication;
  let community: TestCommunity;

  beforeAll(async () => {
    app = await createTestApp();
    community = await signUp(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  it('are exactly the routes this test exercises', () => {
    expect(markedRoutes(app)).toEqual(Object.keys(ROUTES).sort());
  });

  it.each(Object.keys(ROUTES))('%s answers a live session and refuses it once logged out', async (route) => {
    const admin = await signUp(app);
    const url = (ROUTES[route] as (id: string) => string)(admin.communityId);
    await http().get(url).set(bearer(admin.adminToken)).expect(200);
    await http().post('/api/auth/logout').set(bearer(admin.adminToken)).expect(204);
    const refused = await http().get(url).set(bearer(admin.adminToken)).expect(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
  });

  it.each(Object.keys(ROUTES))('%s refuses missing, forged, expired and malformed tokens', async (route) => {
    const url = (ROUTES[route] as (id: string) => string)(community.communityId);
    const jwt = app.get(JwtService);
    const secret = app.get(AppConfig).JWT_ACCESS_SECRET;
    const claims = JSON.parse(
      Buffer.from(community.adminToken.split('.')[1] as string, 'base64url').toString(),
    ) as { sub: string; sid: string };
    const tokens = {
      missing: undefined,
      forged: jwt.sign({ sub: claims.sub, sid: claims.sid }, { secret: 'not-the-secret-of-this-api-at-all' }),
      expired: jwt.sign({ sub: claims.sub, sid: claims.sid }, { secret, expiresIn: -60 }),
      notUuids: jwt.sign({ sub: 'someone', sid: "1' OR '1'='1" }, { secret }),
      otherAlgorithm: jwt.sign({ sub: claims.sub, sid: claims.sid }, { secret, algorithm: 'HS512' }),
    };
    for (const [what, token] of Object.entries(tokens)) {
      const call = http().get(url);
      if (token !== undefined) void call.set(bearer(token));
      const response = await call;
      expect(response.status, what).toBe(401);
      expect(response.body.error.code, what).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 404 for a community of another tenant and 403 to a member asking for the group overview', async () => {
    const stranger = await signUp(app);
    for (const route of Object.keys(ROUTES)) {
      const refused = await http()
        .get((ROUTES[route] as (id: string) => string)(community.communityId))
        .set(bearer(stranger.adminToken))
        .expect(404);
      expect(refused.body.error.code).toBe('COMMUNITY_NOT_FOUND');
    }
    const point = await createPoint(app, community, { role: 'consumption' });
    const memberId = (
      await http()
        .get(`/api/communities/${community.communityId}/metering-points/${point.id}`)
        .set(bearer(community.adminToken))
        .expect(200)
    ).body.memberId as string;
    const member = await memberLogin(app, community, memberId);
    const forbidden = await http()
      .get(ROUTES['GET communities/:communityId/sharing/groups']?.(community.communityId) as string)
      .set(bearer(member))
      .expect(403);
    expect(forbidden.body.error.code).toBe('ROLE_FORBIDDEN');
  });

  it("gives a municipality's accountant the points of the municipality and its units, nobody else's", async () => {
    const town = await create(app, community, 'members', { name: 'Obec', kind: 'municipality' });
    const school = await create(app, community, 'members', {
      name: 'ZŠ',
      kind: 'municipal-unit',
      parentMemberId: town.id,
    });
    const townHall = await createPoint(app, community, { role: 'consumption', memberId: town.id });
    const schoolRoof = await createPoint(app, community, { role: 'production', memberId: school.id });
    await createPoint(app, community, { role: 'consumption' });
    const accountant = await memberLogin(app, community, town.id, 'municipality-accountant');
    const summary = await http()
      .get(ROUTES['GET communities/:communityId/sharing']?.(community.communityId) as string)
      .set(bearer(accountant))
      .expect(200);
    expect(summary.body.points.map((point: { ean: string }) => point.ean).sort()).toEqual(
      [townHall.ean, schoolRoof.ean].sort(),
    );
    expect(summary.body.points[0].series).toHaveLength(30);
    expect(summary.body.groups).toEqual([]);
  });
});
