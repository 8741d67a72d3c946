import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import {
  bearer,
  createMember,
  createPoint,
  requestIteration,
  signUp,
  type TestCommunity,
} from '../support/factories';

describe('allocation keys', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const postKey = (community: TestCommunity, body: object) =>
    http()
      .post(`/api/communities/${community.communityId}/allocation-keys`)
      .set(bearer(community.adminToken))
      .send(body);

  async function groupWith(community: TestCommunity, producers: number, consumers: number) {
    const member = await createMember(app, community);
    const p = [];
    const c = [];
    for (let i = 0; i < producers; i++)
      p.push((await createPoint(app, community, { role: 'production', memberId: member.id })).ean);
    for (let i = 0; i < consumers; i++)
      c.push((await createPoint(app, community, { role: 'consumption', memberId: member.id })).ean);
    return { producers: p, consumers: c };
  }

  const iteration = (community: TestCommunity) =>
    `/api/communities/${community.communityId}/sharing-groups/${community.groupId}/iteration`;

  it('registers a key version and exports it as the key file, which states no rounds', async () => {
    const community = await signUp(app);
    const { producers, consumers } = await groupWith(community, 1, 2);
    const [d] = producers as [string];
    const [a, b] = consumers as [string, string];
    await requestIteration(app, community, '2026-02-01');
    const created = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static-iterative',
      allocations: [
        { producer: d, consumer: a, percent: 9, priority: 1 },
        { producer: d, consumer: b, percent: 3.5 },
      ],
    }).expect(201);
    expect(created.body).toMatchObject({
      validFrom: '2026-02-01',
      validTo: null,
      method: 'static-iterative',
      sharingGroupId: community.groupId,
    });
    expect(created.body).not.toHaveProperty('rounds');
    const exported = await http()
      .get(`/api/communities/${community.communityId}/allocation-keys/${created.body.id}/export`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(exported.headers['content-disposition']).toContain('allocation-key-2026-02-01.json');
    expect(exported.body).toEqual({
      method: 'static-iterative',
      allocations: expect.arrayContaining([
        { producer: d, consumer: a, percent: 9, priority: 1 },
        { producer: d, consumer: b, percent: 3.5, priority: 1 },
      ]),
    });
  });

  it('refuses rounds that contradict EDC (2 consumers with iteration: 2 rounds), naming both, and changes nothing', async () => {
    const community = await signUp(app);
    const { producers, consumers } = await groupWith(community, 1, 2);
    await requestIteration(app, community, '2026-02-01');
    const allocations = consumers.map((consumer) => ({ producer: producers[0], consumer, percent: 50 }));
    const refused = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static-iterative',
      rounds: 5,
      allocations,
    }).expect(422);
    expect(refused.body.error.code).toBe('KEY_ROUNDS_NOT_EDC');
    expect(refused.body.error.message).toMatch(/rounds 5 contradicts EDC.*EDC runs 2 rounds/);
    expect(refused.body.error.details).toEqual({ rounds: 5, edcRounds: 2 });
    const list = await http()
      .get(`/api/communities/${community.communityId}/allocation-keys`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(list.body.total).toBe(0);
    // The rounds EDC runs may be stated; they are not stored.
    const accepted = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static-iterative',
      rounds: 2,
      allocations,
    }).expect(201);
    expect(accepted.body).not.toHaveProperty('rounds');
  });

  it('refuses a static-iterative key for days the group did not ask EDC for iteration, saying what to change', async () => {
    const community = await signUp(app);
    const { producers, consumers } = await groupWith(community, 1, 2);
    const allocations = consumers.map((consumer) => ({ producer: producers[0], consumer, percent: 50 }));
    const refused = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static-iterative',
      allocations,
    }).expect(409);
    expect(refused.body.error.code).toBe('KEY_METHOD_CONTRADICTS_ITERATION');
    expect(refused.body.error.message).toMatch(
      /has not asked EDC for iteration on 2026-02-01.*sharing-groups\/:groupId\/iteration.*or register the key with method static/,
    );
    // Asked from March only: February still contradicts it.
    await requestIteration(app, community, '2026-03-01');
    const february = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static-iterative',
      allocations,
    });
    expect(february.status).toBe(409);
    expect(february.body.error.details).toMatchObject({ day: '2026-02-01' });
    await postKey(community, { validFrom: '2026-03-01', method: 'static-iterative', allocations }).expect(
      201,
    );
    // A static key where the group asked for iteration contradicts it as well.
    const staticKey = await postKey(community, { validFrom: '2026-04-01', method: 'static', allocations });
    expect(staticKey.status).toBe(409);
    expect(staticKey.body.error.message).toMatch(/asked EDC for iteration on 2026-04-01.*static-iterative/);
  });

  it('records the request for iteration with validity: the open period closes, history and today show, the group JSON carries it', async () => {
    const community = await signUp(app);
    const { producers, consumers } = await groupWith(community, 1, 1);
    const auth = bearer(community.adminToken);
    const before = await http().get(iteration(community)).set(auth).expect(200);
    expect(before.body).toMatchObject({ sharingGroupId: community.groupId, requested: false, periods: [] });
    await http()
      .put(iteration(community))
      .set(auth)
      .send({ requested: true, validFrom: '2026-01-01' })
      .expect(200);
    await postKey(community, {
      validFrom: '2026-01-01',
      method: 'static-iterative',
      allocations: [{ producer: producers[0], consumer: consumers[0], percent: 100 }],
    }).expect(201);
    const changed = await http()
      .put(iteration(community))
      .set(auth)
      .send({ requested: false, validFrom: '2026-06-01' })
      .expect(200);
    expect(changed.body.periods).toEqual([
      { validFrom: '2026-01-01', validTo: '2026-05-31', requested: true },
      { validFrom: '2026-06-01', validTo: null, requested: false },
    ]);
    expect(changed.body.requested).toBe(false);
    // The open static-iterative key now disagrees from June: the answer names it.
    expect(changed.body.keysWithOtherMethod).toEqual([
      expect.objectContaining({ validFrom: '2026-01-01', method: 'static-iterative' }),
    ]);
    const groups = await http()
      .get(`/api/communities/${community.communityId}/sharing-groups`)
      .set(auth)
      .expect(200);
    expect(groups.body).toEqual([
      expect.objectContaining({ id: community.groupId, iterationRequested: false }),
    ]);
    await http()
      .put(iteration(community))
      .set(auth)
      .send({ requested: true, validFrom: '2026-06-01' })
      .expect(200);
    const replaced = await http().get(iteration(community)).set(auth).expect(200);
    expect(replaced.body.periods).toEqual([
      { validFrom: '2026-01-01', validTo: '2026-05-31', requested: true },
      { validFrom: '2026-06-01', validTo: null, requested: true },
    ]);
    expect(replaced.body.requested).toBe(true);
    expect(replaced.body.keysWithOtherMethod).toEqual([]);
  });

  it('refuses to rewrite the request before its latest period, and bad input, with a clear 4xx', async () => {
    const community = await signUp(app);
    const auth = bearer(community.adminToken);
    await http()
      .put(iteration(community))
      .set(auth)
      .send({ requested: true, validFrom: '2026-03-01' })
      .expect(200);
    const earlier = await http()
      .put(iteration(community))
      .set(auth)
      .send({ requested: false, validFrom: '2026-02-01' })
      .expect(409);
    expect(earlier.body.error.code).toBe('ITERATION_PERIOD_CONFLICT');
    expect(earlier.body.error.message).toContain('2026-03-01');
    const bad = await http()
      .put(iteration(community))
      .set(auth)
      .send({ requested: 'yes', validFrom: '2026-13-01' });
    expect(bad.status).toBe(400);
    const unknown = await http()
      .put(
        `/api/communities/${community.communityId}/sharing-groups/00000000-0000-4000-8000-000000000000/iteration`,
      )
      .set(auth)
      .send({ requested: true, validFrom: '2026-03-01' })
      .expect(404);
    expect(unknown.body.error.code).toBe('SHARING_GROUP_NOT_FOUND');
    const after = await http().get(iteration(community)).set(auth).expect(200);
    expect(after.body.periods).toEqual([{ validFrom: '2026-03-01', validTo: null, requested: true }]);
  });

  it('refuses more than 100 % of one producer', async () => {
    const community = await signUp(app);
    const { producers, consumers } = await groupWith(community, 1, 2);
    const response = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static',
      allocations: consumers.map((consumer) => ({ producer: producers[0], consumer, percent: 60 })),
    }).expect(422);
    expect(response.body.error.code).toBe('PRODUCER_SHARE_OVER_100');
    expect(response.body.error.message).toContain(producers[0]);
  });

  it('refuses a consumer with more than 5 producers', async () => {
    const community = await signUp(app);
    const { producers, consumers } = await groupWith(community, 6, 1);
    const response = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static',
      allocations: producers.map((producer) => ({ producer, consumer: consumers[0], percent: 10 })),
    }).expect(422);
    expect(response.body.error.code).toBe('TOO_MANY_PRODUCERS_PER_CONSUMER');
    expect(response.body.error.message).toContain(consumers[0]);
  });

  it('names a bad entry of the key file', async () => {
    const community = await signUp(app);
    const { producers } = await groupWith(community, 1, 1);
    const response = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static',
      allocations: [{ producer: producers[0], consumer: producers[0], percent: 10.123 }],
    }).expect(422);
    expect(response.body.error.code).toBe('INVALID_KEY_FILE');
    expect(response.body.error.details.issues.map((issue: { index: number }) => issue.index)).toContain(0);
  });

  it('refuses a key in an active-customer group without a production point', async () => {
    const community = await signUp(app, 'active-customer');
    const { consumers } = await groupWith(community, 0, 2);
    const response = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'dynamic',
      allocations: [],
    }).expect(422);
    expect(response.body.error.code).toBe('GROUP_NEEDS_PRODUCTION_POINT');
    expect(consumers).toHaveLength(2);
  });

  it('covers only points active in the group on its valid-from date', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community);
    const producer = await createPoint(app, community, { role: 'production', memberId: member.id });
    const late = await createPoint(app, community, {
      role: 'consumption',
      memberId: member.id,
      validFrom: '2026-03-01',
    });
    const response = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static',
      allocations: [{ producer: producer.ean, consumer: late.ean, percent: 50 }],
    }).expect(422);
    expect(response.body.error.code).toBe('KEY_POINT_NOT_IN_GROUP');
    expect(response.body.error.details.entries).toEqual([
      { index: 0, ean: late.ean, expectedRole: 'consumption' },
    ]);
    await postKey(community, {
      validFrom: '2026-03-01',
      method: 'static',
      allocations: [{ producer: producer.ean, consumer: late.ean, percent: 50 }],
    }).expect(201);
  });

  it('refuses a producer used as a consumer', async () => {
    const community = await signUp(app);
    const { producers } = await groupWith(community, 2, 0);
    const response = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static',
      allocations: [{ producer: producers[0], consumer: producers[1], percent: 50 }],
    }).expect(422);
    expect(response.body.error.code).toBe('KEY_POINT_NOT_IN_GROUP');
  });

  it('closes the open-ended version when a later one is registered, and refuses overlapping versions', async () => {
    const community = await signUp(app);
    const { producers, consumers } = await groupWith(community, 1, 1);
    const file = {
      method: 'static',
      allocations: [{ producer: producers[0], consumer: consumers[0], percent: 100 }],
    };
    const first = await postKey(community, { ...file, validFrom: '2026-01-01' }).expect(201);
    await postKey(community, { ...file, validFrom: '2026-04-01', validTo: '2026-06-30' }).expect(201);
    const previous = await http()
      .get(`/api/communities/${community.communityId}/allocation-keys/${first.body.id}`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(previous.body.validTo).toBe('2026-03-31');
    const overlap = await postKey(community, { ...file, validFrom: '2026-02-01' }).expect(409);
    expect(overlap.body.error.code).toBe('KEY_PERIOD_OVERLAP');
    const inside = await postKey(community, { ...file, validFrom: '2026-05-01' }).expect(409);
    expect(inside.body.error.code).toBe('KEY_PERIOD_OVERLAP');
    const active = await http()
      .get(`/api/communities/${community.communityId}/allocation-keys?activeOn=2026-05-15`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(active.body.items.map((k: { validFrom: string }) => k.validFrom)).toEqual(['2026-04-01']);
  });
});
