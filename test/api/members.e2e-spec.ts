import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { bearer, create, createMember, createPoint, signUp } from '../support/factories';

describe('members', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('registers a municipality and its school as a municipal unit', async () => {
    const community = await signUp(app);
    const town = await create(app, community, 'members', {
      name: 'Obec Lomnice',
      kind: 'municipality',
      ico: '00245381',
    });
    const school = await create(app, community, 'members', {
      name: 'ZŠ Lomnice',
      kind: 'municipal-unit',
      parentMemberId: town.id,
    });
    expect(school).toMatchObject({
      kind: 'municipal-unit',
      parentMemberId: town.id,
      votes: 0,
      vatPayer: false,
    });
  });

  it('refuses a municipal unit whose parent is not a municipality', async () => {
    const community = await signUp(app);
    const household = await createMember(app, community);
    const response = await http()
      .post(`/api/communities/${community.communityId}/members`)
      .set(bearer(community.adminToken))
      .send({ name: 'Škola', kind: 'municipal-unit', parentMemberId: household.id })
      .expect(422);
    expect(response.body.error.code).toBe('MEMBER_PARENT_INVALID');
  });

  it('refuses a large enterprise in a renewable community', async () => {
    const community = await signUp(app, 'renewable-community');
    const response = await http()
      .post(`/api/communities/${community.communityId}/members`)
      .set(bearer(community.adminToken))
      .send({ name: 'ČEZ a.s.', kind: 'large-enterprise' })
      .expect(422);
    expect(response.body.error.code).toBe('RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE');
  });

  it('refuses a VAT payer without a DIČ with a clear error, not a database failure', async () => {
    const community = await signUp(app);
    const response = await http()
      .post(`/api/communities/${community.communityId}/members`)
      .set(bearer(community.adminToken))
      .send({ name: 'Solar s.r.o.', kind: 'sme', vatPayer: true })
      .expect(422);
    expect(response.body.error).toMatchObject({
      code: 'VAT_PAYER_NEEDS_DIC',
      message: expect.stringContaining('DIČ'),
    });
    const list = await http()
      .get(`/api/communities/${community.communityId}/members`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(list.body.total).toBe(0);
  });

  it('admits a large enterprise in an energy community', async () => {
    const community = await signUp(app, 'energy-community');
    await create(app, community, 'members', { name: 'Velká firma a.s.', kind: 'large-enterprise' });
  });

  it('refuses a member that would hold more than 10 % of the votes', async () => {
    const community = await signUp(app, 'energy-community');
    const csv = [
      'name;kind;votes',
      ...Array.from({ length: 10 }, (_, i) => `Household ${i};household;1`),
    ].join('\n');
    await http()
      .post(`/api/communities/${community.communityId}/members/import`)
      .set(bearer(community.adminToken))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(201);
    const list = await http()
      .get(`/api/communities/${community.communityId}/members?limit=1`)
      .set(bearer(community.adminToken))
      .expect(200);
    const first = list.body.items[0] as { id: string };
    const response = await http()
      .patch(`/api/communities/${community.communityId}/members/${first.id}`)
      .set(bearer(community.adminToken))
      .send({ votes: 2 })
      .expect(422);
    expect(response.body.error.code).toBe('VOTE_SHARE_EXCEEDED');
    expect(response.body.error.details.violations).toEqual([
      expect.objectContaining({ memberId: first.id, shareBasisPoints: 1818 }),
    ]);
    const unchanged = await http()
      .get(`/api/communities/${community.communityId}/members/${first.id}`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(unchanged.body.votes).toBe(1);
  });

  it('refuses a first voting member alone (it would hold 100 %)', async () => {
    // An energy community: in a renewable one the voter would first have to be local (VOTER_NOT_LOCAL).
    const community = await signUp(app, 'energy-community');
    const response = await http()
      .post(`/api/communities/${community.communityId}/members`)
      .set(bearer(community.adminToken))
      .send({ name: 'Voter', kind: 'household', votes: 1 })
      .expect(422);
    expect(response.body.error.code).toBe('VOTE_SHARE_EXCEEDED');
  });

  it('refuses votes in an active-customer group, where nobody votes', async () => {
    const community = await signUp(app, 'active-customer');
    const response = await http()
      .post(`/api/communities/${community.communityId}/members`)
      .set(bearer(community.adminToken))
      .send({ name: 'Voter', kind: 'household', votes: 1 })
      .expect(422);
    expect(response.body.error.code).toBe('VOTING_NOT_APPLICABLE');
  });

  it('lists members with pagination and filters', async () => {
    const community = await signUp(app);
    for (const name of ['Alpha', 'Beta', 'Gamma']) await createMember(app, community, { name });
    await create(app, community, 'members', { name: 'Obec', kind: 'municipality' });
    const page = await http()
      .get(`/api/communities/${community.communityId}/members?limit=2&offset=1&kind=household`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.body.items.map((m: { name: string }) => m.name)).toEqual(['Beta', 'Gamma']);
    const search = await http()
      .get(`/api/communities/${community.communityId}/members?q=amm`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(search.body.items.map((m: { name: string }) => m.name)).toEqual(['Gamma']);
    await http()
      .get(`/api/communities/${community.communityId}/members?limit=0`)
      .set(bearer(community.adminToken))
      .expect(400);
  });

  it('updates and deletes a member, and keeps one that has metering points', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community, { name: 'Old name' });
    const patched = await http()
      .patch(`/api/communities/${community.communityId}/members/${member.id}`)
      .set(bearer(community.adminToken))
      .send({ name: 'New name', email: 'New@Example.cz' })
      .expect(200);
    expect(patched.body).toMatchObject({ name: 'New name', email: 'new@example.cz', kind: 'household' });
    await createPoint(app, community, { role: 'consumption', memberId: member.id });
    const inUse = await http()
      .delete(`/api/communities/${community.communityId}/members/${member.id}`)
      .set(bearer(community.adminToken))
      .expect(409);
    expect(inUse.body.error.code).toBe('MEMBER_IN_USE');
    const unused = await createMember(app, community);
    await http()
      .delete(`/api/communities/${community.communityId}/members/${unused.id}`)
      .set(bearer(community.adminToken))
      .expect(204);
    await http()
      .get(`/api/communities/${community.communityId}/members/${unused.id}`)
      .set(bearer(community.adminToken))
      .expect(404);
  });

  it('clears an optional field sent as null, and refuses null for a field a member must have, changing nothing', async () => {
    const community = await signUp(app);
    const path = (id: string) => `/api/communities/${community.communityId}/members/${id}`;
    const member = await createMember(app, community, {
      name: 'Eva Dvořáková',
      email: 'eva@example.cz',
      address: 'Hlavní 1, Lomnice',
      orp: 'Tábor',
      joinedOn: '2025-01-01',
      leftOn: '2026-01-31',
    });
    const cleared = await http()
      .patch(path(member.id))
      .set(bearer(community.adminToken))
      .send({ email: null, address: null, orp: null, leftOn: null });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body).toMatchObject({
      name: 'Eva Dvořáková',
      email: null,
      address: null,
      orp: null,
      leftOn: null,
    });
    for (const field of ['name', 'kind', 'votes', 'joinedOn']) {
      const refused = await http()
        .patch(path(member.id))
        .set(bearer(community.adminToken))
        .send({ [field]: null, email: 'eva@example.cz' })
        .expect(400);
      expect(refused.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field, problems: [`${field} must not be null; leave it out instead`] }],
      });
    }
    const stored = await http().get(path(member.id)).set(bearer(community.adminToken)).expect(200);
    expect(stored.body).toMatchObject({ name: 'Eva Dvořáková', email: null, kind: 'household' });
  });

  it('imports members from CSV, municipal units naming their municipality by IČO', async () => {
    const community = await signUp(app);
    const csv =
      'Name;Kind;IČO;parentIco;vatPayer;dic\nObec Lomnice;municipality;00245381;;ano;CZ00245381\nZŠ Lomnice;municipal-unit;;00245381;;\n';
    const response = await http()
      .post(`/api/communities/${community.communityId}/members/import`)
      .set(bearer(community.adminToken))
      .attach('file', Buffer.from(csv), { filename: 'members.csv', contentType: 'text/csv' })
      .expect(201);
    expect(response.body).toMatchObject({
      imported: 2,
      rows: [
        { line: 2, status: 'ok' },
        { line: 3, status: 'ok' },
      ],
    });
  });

  it('imports nothing when one row fails and reports the row', async () => {
    const community = await signUp(app);
    const csv = 'name;kind;ico\nGood one;household;\nBad kind;club;\nBad IČO;sme;12345678\n';
    const response = await http()
      .post(`/api/communities/${community.communityId}/members/import`)
      .set(bearer(community.adminToken))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(422);
    expect(response.body.error.code).toBe('IMPORT_REJECTED');
    expect(response.body.error.details.rows).toEqual([
      { line: 2, status: 'ok' },
      {
        line: 3,
        status: 'error',
        problems: [
          expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('kind') }),
        ],
      },
      {
        line: 4,
        status: 'error',
        problems: [
          expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('IČO') }),
        ],
      },
    ]);
    const list = await http()
      .get(`/api/communities/${community.communityId}/members`)
      .set(bearer(community.adminToken))
      .expect(200);
    expect(list.body.total).toBe(0);
  });

  it('answers an upload that is neither a file nor a CSV body with 400 IMPORT_INVALID_FILE, importing nothing', async () => {
    const community = await signUp(app);
    const c = `/api/communities/${community.communityId}`;
    for (const path of [`${c}/members/import`, `${c}/metering-points/import`]) {
      const response = await http()
        .post(path)
        .set(bearer(community.adminToken))
        .send({ name: 'Not a CSV' })
        .expect(400);
      expect(response.body.error).toEqual({
        code: 'IMPORT_INVALID_FILE',
        message: 'Send the CSV as multipart/form-data (field "file") or as a text/csv body',
      });
    }
    const list = await http().get(`${c}/members`).set(bearer(community.adminToken)).expect(200);
    expect(list.body.total).toBe(0);
  });

  it('answers a multipart CSV file like a text/csv body', async () => {
    const community = await signUp(app);
    const response = await http()
      .post(`/api/communities/${community.communityId}/members/import`)
      .set(bearer(community.adminToken))
      .attach('file', Buffer.from('name;kind\nJana Nováková;household\n'), 'members.csv')
      .expect(201);
    expect(response.body).toMatchObject({ imported: 1, rows: [{ line: 2, status: 'ok' }] });
  });
});
