import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AuditEntryResponse, AuditPageResponse } from '@sdilna/shared/util-api-contract';

import { createTestApp } from '../support/create-test-app';
import { bearer, create, createMember, signUp, type TestCommunity } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { memberLogin, settledImport, upload } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';
import {
  approveAndFinalize,
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  settleDraft,
} from '../support/settlement-community';

useScratchStorage('audit-log');

const IBAN = 'CZ6508000000192000145399';
const OTHER_IBAN = 'CZ5508000000001234567899';

describe('the audit log of every change (issue 17 item 5)', () => {
  let app: INestApplication;
  let worker: TestingModule;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  async function log(community: TestCommunity, query: Record<string, string | number> = {}) {
    const response = await http()
      .get(`/api/communities/${community.communityId}/audit-log`)
      .query({ limit: 200, ...query })
      .set(bearer(community.adminToken));
    expect(response.status, response.text).toBe(200);
    return response.body as AuditPageResponse;
  }

  /** The entries of one entity kind, oldest first, as `action` words. */
  async function actions(community: TestCommunity, entity: string, entityId?: string): Promise<string[]> {
    const page = await log(community, { entity, ...(entityId === undefined ? {} : { entityId }) });
    return page.items.map((item) => item.action).reverse();
  }

  function only(page: AuditPageResponse, action: string): AuditEntryResponse {
    const found = page.items.filter((item) => item.action === action);
    expect(found, JSON.stringify(page.items)).toHaveLength(1);
    return found[0] as AuditEntryResponse;
  }

  it('records the registry: members, points, prices, sources, groups, invitations and keys', async () => {
    const community = await signUp(app);
    const member = await createMember(app, community, { name: 'Před' });
    await http()
      .patch(`/api/communities/${community.communityId}/members/${member.id}`)
      .set(bearer(community.adminToken))
      .send({ name: 'Po' })
      .expect(200);
    const point = await memberWithPoint(app, community, 'consumption', { name: 'Spotřebitel' }, '4.00');
    const producer = await memberWithPoint(app, community, 'production', { name: 'Výrobce' }, '2.00');
    const source = await create(app, community, 'sources', {
      name: 'FVE Škola',
      kind: 'pv',
      installedKw: 10,
      meteringPointId: producer.pointId,
    });
    const invitation = await create(app, community, 'invitations', {
      email: 'pozvany@example.cz',
      role: 'member',
      memberId: member.id,
    });
    await http()
      .delete(`/api/communities/${community.communityId}/invitations/${invitation.id}`)
      .set(bearer(community.adminToken))
      .expect(204);
    await importMonth(
      app,
      community,
      keyOf([{ producer, consumer: point, percent: 100 }]),
      await exportWith(
        [producer, point],
        keyOf([{ producer, consumer: point, percent: 100 }]),
        '2026-06-01',
        '2026-06-02',
        () => 0,
      ),
    );

    const group = await create(app, community, 'sharing-groups', { name: 'Druhá skupina' });
    await http()
      .put(`/api/communities/${community.communityId}/two-factor-policy`)
      .set(bearer(community.adminToken))
      .send({ required: false })
      .expect(200);

    expect(await actions(community, 'member', member.id)).toEqual(['create', 'update']);
    // turning off a rule that is off changes nothing and records nothing
    expect(await actions(community, 'two-factor-policy')).toEqual([]);
    expect(await actions(community, 'metering-point', point.pointId)).toEqual(['create']);
    expect(await actions(community, 'metering-point-price')).toEqual(['create', 'create']);
    expect(await actions(community, 'import')).toEqual(['upload', 'import']);
    expect(await actions(community, 'sharing-group', group.id as string)).toEqual(['create']);
    expect(await actions(community, 'invitation', invitation.id as string)).toEqual(['invite', 'delete']);
    expect(await actions(community, 'allocation-key')).toEqual(['create']);
    expect(await actions(community, 'generation-source', source.id as string)).toEqual(['create']);
    const members = await log(community, { entity: 'member', entityId: member.id });
    expect(members.items[0]).toMatchObject({
      actorUserId: community.adminUserId,
      actorEmail: community.adminEmail,
      before: { name: 'Před' },
      after: { name: 'Po' },
    });
  });

  it('records imports (upload, done, revision, failure), prices, settlement steps and settings with masked accounts', async () => {
    const community = await signUp(app);
    const producer = await memberWithPoint(app, community, 'production', { name: 'FVE' }, '2.00');
    const consumer = await memberWithPoint(app, community, 'consumption', { name: 'Jana' }, '4.00');
    const key = keyOf([{ producer, consumer, percent: 100 }]);
    const file = (kwh: number) =>
      exportWith([producer, consumer], key, '2026-06-01', '2026-06-30', (_point, date, interval) =>
        date === '2026-06-10' && interval === 48 ? kwh : 0,
      );
    await importMonth(app, community, key, await file(10_000));
    // EDC revises June: the second file supersedes the first
    const revised = await upload(app, community, await file(12_000), 'revize.csv');
    expect((await settledImport(app, community, revised.id)).status).toBe('done');
    const broken = await upload(app, community, 'tohle není export EDC\n1;2;3\n', 'rozbity.csv');
    expect((await settledImport(app, community, broken.id)).status).toBe('failed');

    const imports = await log(community, { entity: 'import' });
    expect(imports.items.map((item) => item.action).sort()).toEqual(
      ['fail', 'import', 'revise', 'upload', 'upload', 'upload'].sort(),
    );
    const revision = only(imports, 'revise');
    expect(revision).toMatchObject({
      entityId: revised.id,
      actorUserId: community.adminUserId,
      after: { status: 'done', fileName: 'revize.csv', from: '2026-06-01', to: '2026-06-30' },
    });
    expect((revision.before as { superseded: Array<{ from: string }> }).superseded).toHaveLength(1);
    expect(only(imports, 'fail')).toMatchObject({ entityId: broken.id, after: { status: 'failed' } });
    expect(
      (await log(community, { entity: 'import', entityId: broken.id })).items.map((item) => item.action),
    ).toEqual(['fail', 'upload']);

    // settlement settings: the account shows only its last four digits, before and after
    for (const iban of [IBAN, OTHER_IBAN]) {
      await http()
        .put(`/api/communities/${community.communityId}/settlement-settings`)
        .set(bearer(community.adminToken))
        .send({ mode: 'community-clearing', iban, dueDays: 14 })
        .expect(200);
    }
    const settings = await log(community, { entity: 'settlement-settings' });
    expect(settings.items.map((item) => item.action)).toEqual(['update', 'create']);
    expect(settings.items[0]).toMatchObject({
      before: { iban: '****5399', dueDays: 14 },
      after: { iban: '****7899' },
    });
    const raw = JSON.stringify(settings.items);
    expect(raw).not.toContain('192000145399');
    expect(raw).not.toContain('1234567899');

    const priceList = await postPriceList(app, community, { pricePerKwh: '3.00' });
    expect(only(await log(community, { entity: 'price-list' }), 'create')).toMatchObject({
      entityId: priceList.id,
      actorUserId: community.adminUserId,
    });

    const draft = await settleDraft(app, community, '2026-06');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
    await approveAndFinalize(app, community, draft.id);
    const runs = await log(community, { entity: 'settlement-run', entityId: draft.id });
    expect(runs.items.map((item) => item.action).reverse()).toEqual(['create', 'approve', 'finalize']);
    expect(runs.items[0]).toMatchObject({
      before: { status: 'approved' },
      after: { status: 'final', documentCount: 2 },
    });

    const documents = await http()
      .get(`/api/communities/${community.communityId}/documents`)
      .set(bearer(community.adminToken))
      .expect(200);
    const invoice = (documents.body as Array<{ id: string; kind: string; number: string }>).find(
      (document) => document.kind === 'invoice',
    );
    await http()
      .post(`/api/communities/${community.communityId}/documents/${invoice?.id}/corrections`)
      .set(bearer(community.adminToken))
      .send({ reason: 'Chybně zadaná cena' })
      .expect(201);
    expect(only(await log(community, { entity: 'document' }), 'cancel')).toMatchObject({
      entityId: invoice?.id,
      before: { number: invoice?.number },
      after: { reason: 'Chybně zadaná cena' },
    });

    // EDC revises June after it was billed: the correction run is recorded as a run of its own kind
    const later = await upload(app, community, await file(15_000), 'revize-2.csv');
    expect((await settledImport(app, community, later.id)).status).toBe('done');
    const correction = await http()
      .post(`/api/communities/${community.communityId}/settlements`)
      .set(bearer(community.adminToken))
      .send({ period: '2026-06' });
    expect(correction.status, correction.text).toBe(202);
    const correctionId = (correction.body as { id: string }).id;
    expect(
      only(await log(community, { entity: 'settlement-run', entityId: correctionId }), 'create'),
    ).toMatchObject({
      actorUserId: community.adminUserId,
      after: { period: '2026-06', kind: 'correction', correctsRunId: draft.id, status: 'draft' },
    });

    // filters: the person, the days (Prague) and paging
    const all = await log(community);
    expect((await log(community, { actorUserId: community.adminUserId })).total).toBe(all.total);
    expect((await log(community, { actorUserId: '00000000-0000-4000-8000-000000000000' })).total).toBe(0);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague' }).format(new Date());
    expect((await log(community, { from: today, to: today })).total).toBe(all.total);
    expect((await log(community, { to: '2026-01-01' })).total).toBe(0);
    const first = await log(community, { limit: 2, offset: 0 });
    const second = await log(community, { limit: 2, offset: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(all.total);
    expect(second.items.map((item) => item.id)).toEqual(all.items.slice(2, 4).map((item) => item.id));
  });

  it('refuses bad filters with 400 and a member with 403', async () => {
    const community = await signUp(app);
    const path = `/api/communities/${community.communityId}/audit-log`;
    for (const [query, code, field] of [
      [{ entity: 'password' }, 'VALIDATION_FAILED', 'entity'],
      [{ actorUserId: 'admin' }, 'VALIDATION_FAILED', 'actorUserId'],
      [{ from: '2026-02-30' }, 'VALIDATION_FAILED', 'from'],
      [{ to: 'yesterday' }, 'VALIDATION_FAILED', 'to'],
      [{ limit: 0 }, 'VALIDATION_FAILED', 'limit'],
      [{ from: '2026-12-01', to: '2026-11-01' }, 'AUDIT_FILTER_INVALID', 'from'],
    ] as const) {
      const response = await http().get(path).query(query).set(bearer(community.adminToken));
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body.error.code).toBe(code);
      expect(response.text).toContain(field);
    }
    const member = await createMember(app, community);
    const memberToken = await memberLogin(app, community, member.id);
    await http().get(path).set(bearer(memberToken)).expect(403);
  });

  it('describes the filters, the masked accounts and the dashboard in the OpenAPI document', async () => {
    const document = (await http().get('/api/docs/openapi.json').expect(200)).body as {
      paths: Record<
        string,
        {
          get: {
            parameters: Array<{ name: string; schema?: { enum?: string[] } }>;
            responses: Record<string, unknown>;
          };
        }
      >;
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    const audit = document.paths['/api/communities/{communityId}/audit-log']?.get;
    expect(audit?.parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['entity', 'entityId', 'actorUserId', 'from', 'to', 'limit', 'offset']),
    );
    expect(audit?.parameters.find((parameter) => parameter.name === 'entity')?.schema?.enum).toContain(
      'settlement-settings',
    );
    expect(Object.keys(audit?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400']));
    expect(document.components.schemas['AuditEntryView']?.properties['action']?.enum).toEqual(
      expect.arrayContaining(['upload', 'fail', 'revise', 'approve', 'finalize', 'cancel']),
    );
    const dashboard = document.paths['/api/communities/{communityId}/dashboard']?.get;
    expect(dashboard?.parameters.map((parameter) => parameter.name)).toContain('staleAfterDays');
    expect(document.components.schemas['DashboardWarningView']?.properties['code']?.enum).toEqual([
      'MISSING_DAYS',
      'FAILED_IMPORTS',
      'DRAFT_SETTLEMENT',
      'DATA_OUTDATED',
    ]);
  });
});
