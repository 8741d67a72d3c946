import { randomUUID } from 'node:crypto';
import { createServer, get as httpGet, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { type AccessTokenVerifier, AuthException } from '@sdilna/api/feature-auth';
import type { SharingService } from '@sdilna/api/feature-sharing';
import type { SessionClaims } from '@sdilna/api/util-auth';
import type { MetricsService } from '@sdilna/api/util-observability';

import { HotReadLane, QUERIES_KEPT } from './hot-read-lane';

const COMMUNITY = randomUUID();
const CALLER: SessionClaims = { userId: randomUUID(), sessionId: randomUUID() };
const VALID = 'from=2026-04-01&to=2026-04-30&granularity=day';

/**
 * The lane with the real pipes and filter over a stub service and verifier: what reaches the service for a
 * query string, first and again, and what a refused string answers each time.
 */
describe('HotReadLane query memo', () => {
  let server: Server;
  let base: string;
  let lane: HotReadLane;
  const seen: object[] = [];

  beforeAll(async () => {
    const verifier = {
      claimsForRoute: (authorization: string | undefined) =>
        authorization === 'Bearer ok'
          ? Promise.resolve(CALLER)
          : Promise.reject(new AuthException('UNAUTHENTICATED', 'refused')),
    } as unknown as AccessTokenVerifier;
    const sharing = {
      sharing: (_caller: SessionClaims, _community: string, query: object) => {
        seen.push(query);
        return Promise.resolve({ query });
      },
      groups: (_caller: SessionClaims, _community: string, query: object) => {
        seen.push(query);
        return Promise.resolve({ query });
      },
    } as unknown as SharingService;
    const metrics = { startHttpTimer: () => () => undefined } as unknown as MetricsService;
    lane = new HotReadLane(verifier, sharing, metrics, undefined);
    server = createServer((request, response) => {
      if (!lane.take(request, response)) {
        response.statusCode = 599;
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/communities/${COMMUNITY}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    seen.length = 0;
  });

  async function get(path: string, token = 'ok'): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      httpGet(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }, (answer) => {
        let text = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => (text += chunk));
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 0, body: JSON.parse(text) as unknown }),
        );
      }).on('error', reject);
    });
  }

  it('validates a query string once and hands the same frozen DTO to the service after', async () => {
    const pipe = vi.spyOn((lane as unknown as { pipe: { transform: () => unknown } }).pipe, 'transform');
    const first = await get(`/sharing?${VALID}`);
    const second = await get(`/sharing?${VALID}`);
    expect(first).toEqual({
      status: 200,
      body: { query: { from: '2026-04-01', to: '2026-04-30', granularity: 'day' } },
    });
    expect(second).toEqual(first);
    expect(pipe).toHaveBeenCalledTimes(1);
    expect(seen[1]).toBe(seen[0]);
    expect(Object.isFrozen(seen[0])).toBe(true);
    pipe.mockRestore();
  });

  it('remembers a DTO per route: the same string on the other route is validated with its own DTO', async () => {
    const query = 'from=2026-04-01&to=2026-04-30&ean=859182400611447671';
    expect((await get(`/sharing?${query}`)).status).toBe(200);
    // The group overview's DTO has no `ean`: refused, although the summary remembered the string.
    const overview = await get(`/sharing/groups?${query}`);
    expect(overview.status).toBe(400);
    expect(overview.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses an invalid or unsafe string with the same answer every time, and remembers none of them', async () => {
    for (const query of [
      'from=2026-13-01&to=2026-04-30',
      `${VALID}&limit=5`,
      'from=2026-04-01%00&to=2026-04-30',
    ]) {
      const first = await get(`/sharing?${query}`);
      const again = await get(`/sharing?${query}`);
      expect(first.status, query).toBe(400);
      expect(again, query).toEqual(first);
    }
    expect(seen).toHaveLength(0);
  });

  it('checks the token before a remembered query: a refused token is refused with a remembered string too', async () => {
    expect((await get(`/sharing?${VALID}`)).status).toBe(200);
    const refused = await get(`/sharing?${VALID}`, 'wrong');
    expect(refused.status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it(`remembers at most ${QUERIES_KEPT} query strings`, async () => {
    const memo = (lane as unknown as { queries: { size: number; maxEntries: number } }).queries;
    expect(memo.maxEntries).toBe(QUERIES_KEPT);
    for (let day = 0; day < 20; day++) {
      expect(
        (await get(`/sharing/groups?from=2026-04-01&to=2026-05-${String(day + 1).padStart(2, '0')}`)).status,
      ).toBe(200);
    }
    expect(memo.size).toBeLessThanOrEqual(QUERIES_KEPT);
  });
});
