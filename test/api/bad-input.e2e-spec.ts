import { randomUUID } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { bearer, signUp, type TestCommunity } from '../support/factories';
import { type CatalogRoute, routeCatalog } from '../support/route-catalog';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('bad-input');

/**
 * "Every user error gives a clear message and changes nothing; no 500s for bad requests": checked on every route
 * of the app, found through Nest's module container so a route added later is checked too. The caller is the
 * community's administrator, so guards let the request through to the pipes and handlers.
 */
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** The route's URL with `:communityId` as given and every other parameter as given. */
function urlOf(route: CatalogRoute, communityId: string, otherId: string): string {
  const path = route.path
    .split('/')
    .map((segment) =>
      segment === ':communityId' ? communityId : segment.startsWith(':') ? otherId : segment,
    )
    .join('/');
  return `/api/${path}`;
}

/** A refusal the way the API refuses: a 4xx with `{ error: { code, message } }`, no stack trace. */
function expectClearRefusal(response: Response, route: CatalogRoute, allowed: readonly number[]): void {
  const what = `${route.method} ${route.path} answered ${response.status} ${JSON.stringify(response.body)}`;
  expect(allowed, what).toContain(response.status);
  expect(typeof response.body?.error?.code, what).toBe('string');
  expect(typeof response.body?.error?.message, what).toBe('string');
  expect(JSON.stringify(response.body), what).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
}

describe('bad input on every route', () => {
  let app: INestApplication;
  let community: TestCommunity;
  let routes: CatalogRoute[];

  beforeAll(async () => {
    app = await createTestApp();
    community = await signUp(app);
    routes = routeCatalog(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Logging out would end the session the other requests use: that route gets a session of its own. */
  async function tokenFor(route: CatalogRoute): Promise<string> {
    return route.path === 'auth/logout' ? (await signUp(app)).adminToken : community.adminToken;
  }

  function send(route: CatalogRoute, url: string, token: string) {
    const call = request(app.getHttpServer())
      [route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url)
      .set(bearer(token));
    return call;
  }

  it('finds the routes to check', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.map((route) => `${route.method} ${route.path}`)).toContain(
      'GET communities/:communityId/sharing',
    );
  });

  it('answers a malformed community id with 400 or 404 and a clear error on every community route', async () => {
    for (const route of routes.filter((r) => r.path.includes(':communityId'))) {
      const response = await send(route, urlOf(route, 'not-a-uuid', randomUUID()), await tokenFor(route));
      expectClearRefusal(response, route, [400, 404]);
    }
  });

  it('answers a malformed id of anything else with 400 or 404 and a clear error', async () => {
    const withOtherIds = routes.filter((r) =>
      r.path.split('/').some((s) => s.startsWith(':') && s !== ':communityId'),
    );
    expect(withOtherIds.length).toBeGreaterThan(10);
    for (const route of withOtherIds) {
      const response = await send(
        route,
        urlOf(route, community.communityId, 'not-a-uuid'),
        await tokenFor(route),
      );
      expectClearRefusal(response, route, [400, 404]);
    }
  });

  it('answers a body that is not JSON with 400 and a clear error on every route that takes a body', async () => {
    for (const route of routes.filter((r) => WITH_BODY.has(r.method))) {
      const response = await send(
        route,
        urlOf(route, community.communityId, randomUUID()),
        await tokenFor(route),
      )
        .set('content-type', 'application/json')
        .send('{"name": "unfinished');
      expectClearRefusal(response, route, [400]);
    }
  });

  it('answers a JSON body of the wrong shape with a clear 4xx, never 5xx, on every route that takes a body', async () => {
    const wrongShapes: unknown[] = [
      { unexpected: { deep: [1, 2] } },
      [1, 2, 3],
      { name: 42, validFrom: false },
    ];
    const accepted = new Set<string>();
    for (const route of routes.filter((r) => WITH_BODY.has(r.method))) {
      for (const body of wrongShapes) {
        const response = await send(
          route,
          urlOf(route, community.communityId, randomUUID()),
          await tokenFor(route),
        ).send(body as object);
        if (response.status < 400) accepted.add(`${route.method} ${route.path}`);
        else expectClearRefusal(response, route, [400, 401, 403, 404, 409, 413, 415, 422]);
      }
    }
    // Only a route that reads no body at all may let one through.
    expect([...accepted]).toEqual([
      'POST auth/logout',
      'POST auth/two-factor/enrollment',
      'POST communities/:communityId/notifications/read',
    ]);
  });
});
