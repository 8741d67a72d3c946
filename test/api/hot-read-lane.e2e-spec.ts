import { randomUUID } from 'node:crypto';
import { get as httpGet, type IncomingMessage } from 'node:http';

import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SHARING_HOT_READS, SharingService } from '@sdilna/api/feature-sharing';
import { SESSION_CHECKED_IN_QUERY_KEY, type SessionClaims } from '@sdilna/api/util-auth';

import { HOT_READ_LANE } from '../../apps/api/src/hot-read-lane';
import { createTestApp } from '../support/create-test-app';
import type { EdcFile } from '../support/edc-files';
import { bearer, signUp } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { importedFixtureGroup, memberLogin, type RegisteredGroup } from '../support/readings-community';
import { routeCatalog } from '../support/route-catalog';
import { useScratchStorage } from '../support/scratch-storage';
import { startApiProcess, type ServiceProcess } from '../support/service-process';

useScratchStorage('hot-read-lane');

const METRICS_TOKEN = 'metrics-token-for-the-hot-read-lane-spec';

function claimsOf(token: string): SessionClaims {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as {
    sub: string;
    sid: string;
  };
  return { userId: payload.sub, sessionId: payload.sid };
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly etag: string | null;
  readonly requestId: string;
}

/**
 * The lane (apps/api/src/hot-read-lane.ts) in the API as it runs in production (its own process, JSON logs at
 * info): it answers GET .../sharing and .../sharing/groups in front of Express; the same path with a trailing
 * slash is not its exact spelling, so Express and the Nest route answer that one: the spec compares the two.
 */
describe('the hot-read lane in front of Express', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let fixture: EdcFile;
  let group: RegisteredGroup;
  let api: ServiceProcess & { url: string };
  let memberToken: string;
  let memberEan: string;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
    ({ fixture, group } = await importedFixtureGroup(app));
    memberEan = fixture.points[3]?.ean as string;
    memberToken = await memberLogin(app, group.community, group.points.get(memberEan)?.memberId as string);
    api = await startApiProcess({ LOG_LEVEL: 'info', METRICS_TOKEN });
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.close();
    await app?.close();
  });

  const base = () => `/api/communities/${group.community.communityId}`;
  const summaryQuery = () => `from=2026-04-01&to=2026-04-30&granularity=day&ean=${memberEan}`;
  const overviewQuery = 'from=2026-04-01&to=2026-04-30';

  /** A GET through node:http (fetch adds `Cache-Control: no-cache` to conditional requests). */
  async function get(path: string, token: string | undefined, headers: Record<string, string> = {}) {
    const requestId = `lane-${randomUUID()}`;
    const response = await new Promise<IncomingMessage & { text: string }>((resolve, reject) => {
      httpGet(
        `${api.url}${path}`,
        { headers: { ...(token === undefined ? {} : bearer(token)), 'x-request-id': requestId, ...headers } },
        (answer) => {
          let text = '';
          answer.setEncoding('utf8');
          answer.on('data', (chunk: string) => (text += chunk));
          answer.on('end', () => resolve(Object.assign(answer, { text })));
        },
      ).on('error', reject);
    });
    return {
      status: response.statusCode ?? 0,
      body: response.text === '' ? undefined : (JSON.parse(response.text) as unknown),
      etag: (response.headers.etag as string | undefined) ?? null,
      requestId,
    } satisfies Answer;
  }

  /** The lane's answer of `route?query` and the Nest route's (`route/?query`, which the lane hands on). */
  async function bothPaths(route: string, query: string, token: string | undefined) {
    return { lane: await get(`${route}?${query}`, token), nest: await get(`${route}/?${query}`, token) };
  }

  async function completionLine(requestId: string): Promise<Record<string, unknown>> {
    await expect.poll(() => api.output().includes(requestId), { timeout: 5_000 }).toBe(true);
    const line = api
      .output()
      .split('\n')
      .filter((text) => text.startsWith('{') && text.includes(requestId))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((parsed) => (parsed['req'] as { id?: string } | undefined)?.id === requestId);
    expect(line, requestId).toBeDefined();
    return line as Record<string, unknown>;
  }

  it('serves exactly the routes whose statement checks the session, and nothing else', () => {
    const marked = routeCatalog(app)
      .filter((route) => Reflect.getMetadata(SESSION_CHECKED_IN_QUERY_KEY, route.handler) === true)
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    expect(SHARING_HOT_READS.map((read) => `GET communities/:communityId/${read.path}`).sort()).toEqual(
      marked,
    );
  });

  it("answers the member summary and the group overview with the service's JSON and logs them as the lane", async () => {
    const service = app.get(SharingService);
    const communityId = group.community.communityId;
    const summary = await bothPaths(`${base()}/sharing`, summaryQuery(), memberToken);
    const expectedSummary = JSON.parse(
      JSON.stringify(
        await service.sharing(claimsOf(memberToken), communityId, {
          from: '2026-04-01',
          to: '2026-04-30',
          granularity: 'day',
          ean: memberEan,
        }),
      ),
    ) as { points: Array<{ ean: string; series: Array<{ measuredKwh: number | null }> }> };
    expect(summary.lane.status).toBe(200);
    expect(summary.lane.body).toEqual(expectedSummary);
    expect(summary.nest).toMatchObject({ status: 200, body: expectedSummary, etag: summary.lane.etag });
    expect(expectedSummary.points.map((point) => point.ean)).toEqual([memberEan]);
    expect(expectedSummary.points[0]?.series).toHaveLength(30);
    expect(expectedSummary.points[0]?.series.some((day) => (day.measuredKwh ?? 0) > 0)).toBe(true);

    const overview = await bothPaths(`${base()}/sharing/groups`, overviewQuery, group.community.adminToken);
    const expectedOverview = JSON.parse(
      JSON.stringify(
        await service.groups(claimsOf(group.community.adminToken), communityId, {
          from: '2026-04-01',
          to: '2026-04-30',
        }),
      ),
    ) as { groups: Array<{ sharedKwh: number }> };
    expect(overview.lane).toMatchObject({ status: 200, body: expectedOverview });
    expect(overview.nest).toMatchObject({ status: 200, body: expectedOverview, etag: overview.lane.etag });
    expect(expectedOverview.groups[0]?.sharedKwh).toBeGreaterThan(0);

    const laneLine = await completionLine(summary.lane.requestId);
    expect(laneLine).toMatchObject({
      level: 30,
      service: 'sdilna',
      msg: 'request completed',
      lane: HOT_READ_LANE,
      communityId,
      userId: claimsOf(memberToken).userId,
      req: { id: summary.lane.requestId, method: 'GET', url: `${base()}/sharing?${summaryQuery()}` },
      res: { statusCode: 200 },
    });
    expect(typeof laneLine['responseTime']).toBe('number');
    expect(await completionLine(overview.lane.requestId)).toMatchObject({
      lane: HOT_READ_LANE,
      userId: claimsOf(group.community.adminToken).userId,
      res: { statusCode: 200 },
    });
    // The same line from Express's pino-http, without the lane's mark.
    const nestLine = await completionLine(summary.nest.requestId);
    expect(nestLine).toMatchObject({
      communityId,
      userId: claimsOf(memberToken).userId,
      res: { statusCode: 200 },
    });
    expect(nestLine['lane']).toBeUndefined();
    expect(api.output()).not.toContain(memberToken);
  });

  it('answers 304 to a fresh If-None-Match, like Express', async () => {
    const first = await get(`${base()}/sharing/groups?${overviewQuery}`, group.community.adminToken);
    expect(first.etag).toMatch(/^W\/"/);
    const again = await get(`${base()}/sharing/groups?${overviewQuery}`, group.community.adminToken, {
      'if-none-match': first.etag as string,
    });
    expect(again).toMatchObject({ status: 304, body: undefined, etag: first.etag });
    const noCache = await get(`${base()}/sharing/groups?${overviewQuery}`, group.community.adminToken, {
      'if-none-match': first.etag as string,
      'cache-control': 'no-cache',
    });
    expect(noCache.status).toBe(200);
  });

  it('refuses what the Nest routes refuse, with the same status and error body', async () => {
    const stranger = await signUp(app);
    const loggedOut = await memberLogin(
      app,
      group.community,
      group.points.get(memberEan)?.memberId as string,
    );
    // The lane verifies the token once and remembers it while its session lives; the session ends after that,
    // and the remembered token is refused below (the statement checks the session on every request).
    expect((await get(`${base()}/sharing?${summaryQuery()}`, loggedOut)).status).toBe(200);
    await request(app.getHttpServer()).post('/api/auth/logout').set(bearer(loggedOut)).expect(204);
    const cases: Array<{
      what: string;
      route: string;
      query: string;
      token?: string;
      status: number;
      code: string;
    }> = [
      {
        what: 'another tenant',
        route: 'sharing',
        query: summaryQuery(),
        token: stranger.adminToken,
        status: 404,
        code: 'COMMUNITY_NOT_FOUND',
      },
      {
        what: 'another tenant, overview',
        route: 'sharing/groups',
        query: overviewQuery,
        token: stranger.adminToken,
        status: 404,
        code: 'COMMUNITY_NOT_FOUND',
      },
      {
        what: 'a member asking for the overview',
        route: 'sharing/groups',
        query: overviewQuery,
        token: memberToken,
        status: 403,
        code: 'ROLE_FORBIDDEN',
      },
      {
        what: 'logged out',
        route: 'sharing',
        query: summaryQuery(),
        token: loggedOut,
        status: 401,
        code: 'UNAUTHENTICATED',
      },
      {
        what: 'logged out, overview',
        route: 'sharing/groups',
        query: overviewQuery,
        token: loggedOut,
        status: 401,
        code: 'UNAUTHENTICATED',
      },
      { what: 'no token', route: 'sharing', query: summaryQuery(), status: 401, code: 'UNAUTHENTICATED' },
      {
        what: 'a forged token',
        route: 'sharing',
        query: summaryQuery(),
        token: `${memberToken.slice(0, -4)}AAAA`,
        status: 401,
        code: 'UNAUTHENTICATED',
      },
      {
        what: 'an EAN of another member',
        route: 'sharing',
        query: `from=2026-04-01&to=2026-04-30&ean=${fixture.points[0]?.ean}`,
        token: memberToken,
        status: 404,
        code: 'EAN_NOT_FOUND',
      },
      {
        what: 'a malformed date',
        route: 'sharing',
        query: 'from=2026-13-01&to=2026-04-30',
        token: memberToken,
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        what: 'an unknown parameter',
        route: 'sharing/groups',
        query: `${overviewQuery}&limit=5`,
        token: group.community.adminToken,
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        what: 'a repeated parameter',
        route: 'sharing/groups',
        query: `${overviewQuery}&from=2026-04-02`,
        token: group.community.adminToken,
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        what: 'a reversed period',
        route: 'sharing/groups',
        query: 'from=2026-04-30&to=2026-04-01',
        token: group.community.adminToken,
        status: 400,
        code: 'PERIOD_INVALID',
      },
      {
        what: 'a NUL character',
        route: 'sharing',
        query: 'from=2026-04-01%00&to=2026-04-30',
        token: memberToken,
        status: 400,
        code: 'INPUT_CHARACTER_INVALID',
      },
    ];
    for (const refusal of cases) {
      const { lane, nest } = await bothPaths(`${base()}/${refusal.route}`, refusal.query, refusal.token);
      expect(lane.status, refusal.what).toBe(refusal.status);
      expect((lane.body as { error: { code: string } }).error.code, refusal.what).toBe(refusal.code);
      expect(lane.body, refusal.what).toEqual(nest.body);
      expect(nest.status, refusal.what).toBe(refusal.status);
      expect(await completionLine(lane.requestId), refusal.what).toMatchObject({
        lane: HOT_READ_LANE,
        res: { statusCode: refusal.status },
      });
    }
    // The lane's lines are written without the logger's redaction paths (nothing in them to redact): a secret
    // query value is still cleaned from the URL by the serializer, and the token never reaches the output.
    const secret = `query-secret-${randomUUID()}`;
    const withSecret = await get(`${base()}/sharing?${summaryQuery()}&token=${secret}`, memberToken);
    expect(withSecret.status).toBe(400);
    expect(await completionLine(withSecret.requestId)).toMatchObject({
      lane: HOT_READ_LANE,
      req: { url: `${base()}/sharing?${summaryQuery()}&token=[redacted]` },
    });
    expect(api.output()).not.toContain(secret);
    expect(api.output()).not.toContain(memberToken);
    // A malformed community id is not the lane's spelling: Express answers it, as before.
    const malformed = await get(`/api/communities/not-a-uuid/sharing?${summaryQuery()}`, memberToken);
    expect(malformed.status).toBe(404);
    expect((await completionLine(malformed.requestId))['lane']).toBeUndefined();
  });

  it("times the lane's answers in the same histogram, by route pattern", async () => {
    const metrics = await fetch(`${api.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    const count = (route: string, status: number) =>
      Number(
        new RegExp(
          `http_request_duration_seconds_count\\{method="GET",route="${route.replace(/\//g, '\\/')}",status_code="${status}"\\} (\\d+)`,
        ).exec(text)?.[1] ?? 0,
      );
    // Lane and Nest route alike: 2 summaries (and the lane's one before the logout), 4 overviews (304 apart)
    // and 2 + 2 refusals of each kind.
    expect(count('/api/communities/:communityId/sharing', 200)).toBe(3);
    expect(count('/api/communities/:communityId/sharing/groups', 200)).toBe(4);
    expect(count('/api/communities/:communityId/sharing/groups', 304)).toBe(1);
    expect(count('/api/communities/:communityId/sharing/groups', 403)).toBe(2);
    expect(count('/api/communities/:communityId/sharing', 401)).toBeGreaterThanOrEqual(6);
  });
});
