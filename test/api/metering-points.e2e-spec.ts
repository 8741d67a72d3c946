import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { bearer, create, createMember, createPoint, signUp, uniqueEan } from '../support/factories';

describe('metering points', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('registers a point in the community’s only sharing group', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community);
    const ean = uniqueEan();
    const point = await create(app, community, 'metering-points', {
      ean,
      role: 'production',
      memberId: member.id,
      validFrom: '2026-01-01',
      label: 'FVE',
    });
    expect(point).toMatchObject({
      ean,
      role: 'production',
      memberId: member.id,
      sharingGroupId: community.groupId,
      validFrom: '2026-01-01',
      validTo: null,
    });
  });

  it('refuses an EAN with a bad check digit, naming the expected digit', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community);
    const response = await http()
      .post(`/api/communities/${community.communityId}/metering-points`)
      .set(bearer(community.adminToken))
      .send({ ean: '859182400123456784', role: 'consumption', memberId: member.id, validFrom: '2026-01-01' })
      .expect(400);
    expect(response.body.error.message).toContain('expected 9');
  });

  it('rejects a twelfth metering point in an active-customer group', async () => {
    const community = await signUp(app, 'active-customer');
    const member = await createMember(app, community);
    for (let i = 0; i < 11; i++)
      await createPoint(app, community, {
        role: i === 0 ? 'production' : 'consumption',
        memberId: member.id,
      });
    const response = await http()
      .post(`/api/communities/${community.communityId}/metering-points`)
      .set(bearer(community.adminToken))
      .send({ ean: uniqueEan(), role: 'consumption', memberId: member.id, validFrom: '2026-01-01' })
      .expect(422);
    expect(response.body.error).toMatchObject({ code: 'GROUP_POINT_LIMIT', details: { limit: 11 } });
  });

  it('admits a twelfth point once an earlier one has left the group', async () => {
    const community = await signUp(app, 'active-customer');
    const member = await createMember(app, community);
    for (let i = 0; i < 10; i++)
      await createPoint(app, community, { role: 'consumption', memberId: member.id });
    await createPoint(app, community, { role: 'consumption', memberId: member.id, validTo: '2026-03-31' });
    await createPoint(app, community, { role: 'consumption', memberId: member.id, validFrom: '2026-04-01' });
  });

  it('refuses the same EAN twice in one community for overlapping periods, and accepts it for a later period', async () => {
    const community = await signUp(app);
    const ean = uniqueEan();
    await createPoint(app, community, {
      role: 'consumption',
      ean,
      validFrom: '2026-01-01',
      validTo: '2026-06-30',
    });
    const overlap = await http()
      .post(`/api/communities/${community.communityId}/metering-points`)
      .set(bearer(community.adminToken))
      .send({
        ean,
        role: 'consumption',
        memberId: (await createMember(app, community)).id,
        validFrom: '2026-06-01',
      })
      .expect(409);
    expect(overlap.body.error.code).toBe('EAN_ALREADY_REGISTERED');
    await createPoint(app, community, { role: 'consumption', ean, validFrom: '2026-07-01' });
  });

  it('refuses an EAN active in another community’s group with a neutral error', async () => {
    const first = await signUp(app, 'energy-community', 'Secret neighbours');
    const second = await signUp(app);
    const ean = uniqueEan();
    await createPoint(app, first, { role: 'consumption', ean, validFrom: '2026-01-01' });
    const member = await createMember(app, second);
    const response = await http()
      .post(`/api/communities/${second.communityId}/metering-points`)
      .set(bearer(second.adminToken))
      .send({ ean, role: 'consumption', memberId: member.id, validFrom: '2026-05-01' })
      .expect(409);
    expect(response.body.error.code).toBe('EAN_UNAVAILABLE');
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(first.communityId);
    expect(text).not.toContain('Secret neighbours');
    expect(response.body.error.details).toBeUndefined();
  });

  it('accepts an EAN in a second community after it left the first one', async () => {
    const first = await signUp(app);
    const second = await signUp(app);
    const ean = uniqueEan();
    await createPoint(app, first, {
      role: 'consumption',
      ean,
      validFrom: '2026-01-01',
      validTo: '2026-03-31',
    });
    await createPoint(app, second, { role: 'consumption', ean, validFrom: '2026-04-01' });
  });

  it('filters points by role, member and day', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community);
    await createPoint(app, community, { role: 'production', memberId: member.id });
    await createPoint(app, community, { role: 'consumption', memberId: member.id, validFrom: '2026-02-01' });
    await createPoint(app, community, { role: 'consumption' });
    const base = `/api/communities/${community.communityId}/metering-points`;
    const consumption = await http()
      .get(`${base}?role=consumption`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(consumption.body.total).toBe(2);
    const ofMember = await http()
      .get(`${base}?memberId=${member.id}&activeOn=2026-01-15`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(ofMember.body.items.map((p: { role: string }) => p.role)).toEqual(['production']);
  });

  it('keeps supplier and feed-in prices with validity periods', async () => {
    const community = await signUp(app);
    const consumer = await createPoint(app, community, { role: 'consumption' });
    const base = `/api/communities/${community.communityId}/metering-points/${consumer.id}/prices`;
    const price = await http()
      .post(base)
      .set(bearer(community.adminToken))
      .send({ kind: 'supplier-energy', pricePerKwh: '6.5', validFrom: '2026-01-01', validTo: '2026-06-30' })
      .expect(201);
    expect(price.body).toMatchObject({ kind: 'supplier-energy', pricePerKwh: '6.50', currency: 'CZK' });
    const overlap = await http()
      .post(base)
      .set(bearer(community.adminToken))
      .send({ kind: 'supplier-energy', pricePerKwh: '7.00', validFrom: '2026-06-01' })
      .expect(409);
    expect(overlap.body.error.code).toBe('PRICE_PERIOD_OVERLAP');
    const wrongKind = await http()
      .post(base)
      .set(bearer(community.adminToken))
      .send({ kind: 'feed-in', pricePerKwh: '2.00', validFrom: '2026-01-01' })
      .expect(422);
    expect(wrongKind.body.error.code).toBe('PRICE_KIND_MISMATCH');
    await http()
      .post(base)
      .set(bearer(community.adminToken))
      .send({ kind: 'supplier-energy', pricePerKwh: '7.1234', validFrom: '2026-07-01' })
      .expect(201);
    const list = await http().get(base).set(bearer(community.adminToken)).expect(200);
    expect(list.body.map((p: { pricePerKwh: string }) => p.pricePerKwh)).toEqual(['6.50', '7.1234']);
  });

  it('imports points from CSV naming members by IČO, all or nothing', async () => {
    const community = await signUp(app);
    await create(app, community, 'members', { name: 'Obec Lomnice', kind: 'municipality', ico: '00245381' });
    const [a, b] = [uniqueEan(), uniqueEan()];
    const bad = `ean;role;memberIco;validFrom\n${a};production;00245381;2026-01-01\n${b};consumption;99999999;2026-01-01\n`;
    const rejected = await http()
      .post(`/api/communities/${community.communityId}/metering-points/import`)
      .set(bearer(community.adminToken))
      .set('Content-Type', 'text/csv')
      .send(bad)
      .expect(422);
    expect(rejected.body.error.details.rows).toEqual([
      { line: 2, status: 'ok' },
      {
        line: 3,
        status: 'error',
        problems: [
          expect.objectContaining({
            code: 'VALIDATION_FAILED',
            message: expect.stringContaining('99999999'),
          }),
        ],
      },
    ]);
    const none = await http()
      .get(`/api/communities/${community.communityId}/metering-points`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(none.body.total).toBe(0);
    const good = `ean;role;memberIco;validFrom;label\n${a};production;00245381;2026-01-01;ČOV FVE\n${b};consumption;00245381;2026-01-01;ČOV\n`;
    const imported = await http()
      .post(`/api/communities/${community.communityId}/metering-points/import`)
      .set(bearer(community.adminToken))
      .set('Content-Type', 'text/csv')
      .send(good)
      .expect(201);
    expect(imported.body.imported).toBe(2);
  });

  it('reports a duplicate EAN inside one import file on its line', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community);
    const ean = uniqueEan();
    const csv = `ean;role;memberId;validFrom\n${ean};consumption;${member.id};2026-01-01\n${ean};consumption;${member.id};2026-02-01\n`;
    const rejected = await http()
      .post(`/api/communities/${community.communityId}/metering-points/import`)
      .set(bearer(community.adminToken))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(422);
    expect(rejected.body.error.details.rows[1]).toEqual({
      line: 3,
      status: 'error',
      problems: [expect.objectContaining({ code: 'EAN_ALREADY_REGISTERED' })],
    });
  });

  it('lets only one of two communities racing for the same EAN win, with the neutral error for the other', async () => {
    const [first, second] = await Promise.all([signUp(app), signUp(app)]);
    const [firstMember, secondMember] = await Promise.all([
      createMember(app, first),
      createMember(app, second),
    ]);
    const ean = uniqueEan();
    const register = (community: typeof first, memberId: string) =>
      http()
        .post(`/api/communities/${community.communityId}/metering-points`)
        .set(bearer(community.adminToken))
        .send({ ean, role: 'consumption', memberId, validFrom: '2026-01-01' });
    const answers = await Promise.all([register(first, firstMember.id), register(second, secondMember.id)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const loser = answers.find((answer) => answer.status === 409);
    expect(loser?.body.error.code).toBe('EAN_UNAVAILABLE');
  });
});
