import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import {
  bearer,
  create,
  createPoint,
  signUp,
  type TestCommunity,
  uniqueEan,
  uniqueEmail,
} from '../support/factories';
import { inviteAndAccept } from '../support/invite';
import { MailCatcher } from '../support/mail-catcher';
import { type MatrixRoute, registryRoutes } from '../support/registry-matrix';

type Route = MatrixRoute;

/**
 * The attack matrix: every tenant route, called with another community's ids, by each kind of caller of a
 * different community and by nobody. Every answer must be 401 (no token), 404 (foreign ids) or 403 (a role
 * that may not act, on its own community's path), with the contract error body and none of the victim's data.
 */
describe('tenant isolation (attack matrix)', () => {
  let app: INestApplication;
  const mail = new MailCatcher();
  const SECRET = `Victim secret ${Date.now()}`;
  let victim: TestCommunity;
  let attacker: TestCommunity;
  const ids = {
    member: '',
    producer: '',
    consumer: '',
    source: '',
    key: '',
    price: '',
    invitation: '',
    group: '',
  };
  const eans = { producer: '', consumer: '' };
  let callers: { name: string; token: string | undefined }[] = [];

  beforeAll(async () => {
    process.env['SMTP_URL'] = await mail.start();
    app = await createTestApp();
    const http = () => request(app.getHttpServer());

    victim = await signUp(app, 'energy-community', SECRET);
    const town = await create(app, victim, 'members', {
      name: `${SECRET} town`,
      kind: 'municipality',
      ico: '00245381',
    });
    ids.member = town.id;
    ids.group = victim.groupId;
    eans.producer = uniqueEan();
    eans.consumer = uniqueEan();
    ids.producer = (
      await createPoint(app, victim, { role: 'production', memberId: town.id, ean: eans.producer })
    ).id;
    ids.consumer = (
      await createPoint(app, victim, { role: 'consumption', memberId: town.id, ean: eans.consumer })
    ).id;
    ids.price = (
      await create(app, victim, `metering-points/${ids.consumer}/prices`, {
        kind: 'supplier-energy',
        pricePerKwh: '6.50',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
      })
    ).id;
    ids.source = (
      await create(app, victim, 'sources', {
        name: `${SECRET} FVE`,
        kind: 'pv',
        installedKw: 31.9,
        meteringPointId: ids.producer,
      })
    ).id;
    ids.key = (
      await create(app, victim, 'allocation-keys', {
        validFrom: '2026-01-01',
        method: 'static',
        allocations: [{ producer: eans.producer, consumer: eans.consumer, percent: 42 }],
      })
    ).id;
    const invitation = await http()
      .post(`/api/communities/${victim.communityId}/invitations`)
      .set(bearer(victim.adminToken))
      .send({ email: uniqueEmail('victim'), role: 'community-admin' })
      .expect(201);
    ids.invitation = invitation.body.id as string;

    attacker = await signUp(app, 'energy-community', 'Attacker');
    const attackerTown = await create(app, attacker, 'members', {
      name: 'Attacker town',
      kind: 'municipality',
    });
    const attackerHousehold = await create(app, attacker, 'members', {
      name: 'Attacker household',
      kind: 'household',
    });
    callers = [
      { name: 'no user', token: undefined },
      { name: 'admin of another community', token: attacker.adminToken },
      {
        name: 'member of another community',
        token: await inviteAndAccept(app, mail, attacker, { role: 'member', memberId: attackerHousehold.id }),
      },
      {
        name: 'accountant of another community',
        token: await inviteAndAccept(app, mail, attacker, {
          role: 'municipality-accountant',
          memberId: attackerTown.id,
        }),
      },
    ];
  });

  afterAll(async () => {
    await app.close();
    await mail.stop();
  });

  /** Every tenant route, with the victim's ids in the path of the community `communityId`. */
  function routes(communityId: string): Route[] {
    return registryRoutes(communityId, ids, eans);
  }

  async function call(route: Route, token: string | undefined): Promise<request.Response> {
    let pending = request(app.getHttpServer())[route.method](route.path);
    if (token !== undefined) pending = pending.set(bearer(token));
    if (route.csv !== undefined) return pending.set('Content-Type', 'text/csv').send(route.csv);
    return route.body === undefined ? pending : pending.send(route.body);
  }

  function expectNoVictimData(response: request.Response, label: string): void {
    expect(Object.keys(response.body as object), label).toEqual(['error']);
    const text = JSON.stringify(response.body);
    expect(text, label).not.toContain(SECRET);
    expect(text, label).not.toContain('00245381');
  }

  it('answers 401 or 404 to every caller of another community on the victim’s routes', async () => {
    for (const caller of callers) {
      for (const route of routes(victim.communityId)) {
        const response = await call(route, caller.token);
        const label = `${caller.name}: ${route.method.toUpperCase()} ${route.path}`;
        expect(response.status, `${label} -> ${JSON.stringify(response.body)}`).toBe(
          caller.token === undefined ? 401 : 404,
        );
        expectNoVictimData(response, label);
      }
    }
  });

  it('answers 404 or 403 (or a not-found import row) to the victim’s ids on the attacker’s own community routes', async () => {
    for (const caller of callers.filter((c) => c.token !== undefined)) {
      for (const route of routes(attacker.communityId)) {
        // Collections without a victim id in the path or body are the attacker's own business.
        if (
          !Object.values(ids).some(
            (id) =>
              route.path.includes(id) ||
              JSON.stringify(route.body ?? {}).includes(id) ||
              (route.csv ?? '').includes(id),
          )
        )
          continue;
        const response = await call(route, caller.token);
        const label = `${caller.name}: ${route.method.toUpperCase()} ${route.path}`;
        if (route.csv !== undefined && response.status === 422) {
          // An import reports per row; a foreign id in a row is "not found" there, and nothing is imported.
          const problems = (response.body.error.details.rows as { problems?: { code: string }[] }[]).flatMap(
            (row) => row.problems ?? [],
          );
          expect(
            problems.map((problem) => problem.code),
            label,
          ).toEqual(['POINT_MEMBER_NOT_FOUND']);
        } else {
          expect([403, 404], `${label} -> ${response.status} ${JSON.stringify(response.body)}`).toContain(
            response.status,
          );
        }
        expectNoVictimData(response, label);
      }
    }
  });

  it('refuses a key of the attacker’s community naming the victim’s EANs without saying whose they are', async () => {
    const response = await request(app.getHttpServer())
      .post(`/api/communities/${attacker.communityId}/allocation-keys`)
      .set(bearer(attacker.adminToken))
      .send({
        validFrom: '2027-01-01',
        method: 'static',
        allocations: [{ producer: eans.producer, consumer: eans.consumer, percent: 100 }],
      });
    expect([404, 422]).toContain(response.status);
    expectNoVictimData(response, 'key with victim EANs');
  });

  it('lists none of the victim’s data in the attackers’ own lists', async () => {
    for (const caller of callers.filter((c) => c.token !== undefined)) {
      const token = caller.token as string;
      const communities = await request(app.getHttpServer())
        .get('/api/communities')
        .set(bearer(token))
        .expect(200);
      expect(JSON.stringify(communities.body)).not.toContain(victim.communityId);
      const me = await request(app.getHttpServer()).get('/api/me').set(bearer(token)).expect(200);
      expect(JSON.stringify(me.body)).not.toContain(victim.communityId);
    }
  });

  it('leaves the victim’s data untouched', async () => {
    const http = () => request(app.getHttpServer());
    const base = `/api/communities/${victim.communityId}`;
    const community = await http().get(base).set(bearer(victim.adminToken)).expect(200);
    expect(community.body.name).toBe(SECRET);
    const members = await http().get(`${base}/members`).set(bearer(victim.adminToken)).expect(200);
    expect(members.body.items.map((m: { name: string }) => m.name)).toEqual([`${SECRET} town`]);
    const points = await http().get(`${base}/metering-points`).set(bearer(victim.adminToken)).expect(200);
    expect(points.body.total).toBe(2);
    expect(points.body.items.every((p: { label: string | null }) => p.label === null)).toBe(true);
    const sources = await http().get(`${base}/sources`).set(bearer(victim.adminToken)).expect(200);
    expect(sources.body.items.map((s: { name: string }) => s.name)).toEqual([`${SECRET} FVE`]);
    const invitations = await http().get(`${base}/invitations`).set(bearer(victim.adminToken)).expect(200);
    expect(invitations.body.map((i: { status: string }) => i.status)).toEqual(['pending']);
    const keys = await http().get(`${base}/allocation-keys`).set(bearer(victim.adminToken)).expect(200);
    expect(keys.body.total).toBe(1);
    const groups = await http().get(`${base}/sharing-groups`).set(bearer(victim.adminToken)).expect(200);
    expect(groups.body.map((g: { name: string }) => g.name)).toEqual([SECRET]);
  });

  it('answers a malformed id like a foreign one', async () => {
    const response = await request(app.getHttpServer())
      .get('/api/communities/not-a-uuid/members')
      .set(bearer(attacker.adminToken))
      .expect(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  // Last, because it changes the victim's data: proves each route of the matrix exists and works for its owner,
  // so the 404s above come from tenant isolation and not from a mistyped path.
  it('serves every route of the matrix to the victim’s own administrator', async () => {
    for (const route of routes(victim.communityId)) {
      const response = await call(route, victim.adminToken);
      const label = `${route.method.toUpperCase()} ${route.path} -> ${response.status} ${JSON.stringify(response.body)}`;
      expect(
        response.status < 300 ||
          // the member has not left (erasure); the matrix's notification and join-request ids are nobody's: the
          // handler answered
          [
            'MEMBER_IN_USE',
            'POINT_IN_USE',
            'MEMBER_STILL_ACTIVE',
            'NOTIFICATION_NOT_FOUND',
            'JOIN_REQUEST_NOT_FOUND',
          ].includes(response.body?.error?.code as string),
        label,
      ).toBe(true);
    }
  });
});
