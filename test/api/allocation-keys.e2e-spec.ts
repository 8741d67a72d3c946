import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { bearer, createMember, createPoint, signUp, type TestCommunity } from '../support/factories';

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

  it('registers a key version and exports it as the key file', async () => {
    const community = await signUp(app);
    const { producers, consumers } = await groupWith(community, 1, 2);
    const [d] = producers as [string];
    const [a, b] = consumers as [string, string];
    const created = await postKey(community, {
      validFrom: '2026-02-01',
      method: 'static-iterative',
      rounds: 5,
      allocations: [
        { producer: d, consumer: a, percent: 9, priority: 1 },
        { producer: d, consumer: b, percent: 3.5 },
      ],
    }).expect(201);
    expect(created.body).toMatchObject({
      validFrom: '2026-02-01',
      validTo: null,
      method: 'static-iterative',
      rounds: 5,
      sharingGroupId: community.groupId,
    });
    const exported = await http()
      .get(`/api/communities/${community.communityId}/allocation-keys/${created.body.id}/export`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(exported.headers['content-disposition']).toContain('allocation-key-2026-02-01.json');
    expect(exported.body).toEqual({
      method: 'static-iterative',
      rounds: 5,
      allocations: expect.arrayContaining([
        { producer: d, consumer: a, percent: 9, priority: 1 },
        { producer: d, consumer: b, percent: 3.5, priority: 1 },
      ]),
    });
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
