import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { keyAdviceJobId } from '@sdilna/api/feature-sharing';

import { camt053Statement } from '../support/camt053';
import { createTestApp } from '../support/create-test-app';
import { bearer, signUp, type TestCommunity } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { memberLogin } from '../support/readings-community';
import { registryRoutes } from '../support/registry-matrix';
import { routeCatalog } from '../support/route-catalog';
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

useScratchStorage('tenant-isolation-data');

/**
 * The attack matrix of `tenant-isolation.e2e-spec.ts` (registry routes) continued over the data the community
 * produces: imports, sharing, simulations, settlements, documents, prices and billing. The victim has a month
 * imported, settled and finalised with documents; another community's administrator and member get 404 and none of
 * the victim's data on every route, while the victim's administrator reaches each one.
 */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Route {
  readonly method: Method;
  /** below `/api/communities/:communityId/` */
  readonly path: string;
  readonly body?: object;
  readonly file?: string;
}

/**
 * The registry matrix's routes (`tenant-isolation.e2e-spec.ts`) as `METHOD pattern`, `:id` for any id: with the
 * routes below, every route under `communities/:communityId` must be in one of the two matrices.
 */
function registryPatterns(): string[] {
  const id = (name: string) => `ID-${name}`;
  const ids = {
    member: id('member'),
    producer: id('producer'),
    consumer: id('consumer'),
    source: id('source'),
    key: id('key'),
    price: id('price'),
    invitation: id('invitation'),
    group: id('group'),
  };
  return registryRoutes('COMMUNITY', ids, { producer: 'EAN', consumer: 'EAN' }).map((route) => {
    const segments = route.path
      .replace(/^\/api\//, '')
      .split('/')
      .map((segment) =>
        segment === 'COMMUNITY'
          ? ':communityId'
          : segment.startsWith('ID-') || /^\d{4}-\d{2}-\d{2}$/.test(segment)
            ? ':id'
            : segment,
      );
    return `${route.method.toUpperCase()} ${segments.join('/')}`;
  });
}

const SECRET = `Victim data ${Date.now()}`;

describe('tenant isolation of imports, sharing, settlements and documents', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let victim: TestCommunity;
  let csv: string;
  const ids = {
    importId: '',
    runId: '',
    documentId: '',
    priceListId: '',
    municipalityId: '',
    adviceJobId: '',
    entryId: '',
    payoutId: '',
    manualPaymentId: '',
  };
  const eans = { producer: '', consumer: '' };
  let attackers: { name: string; token: string }[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
    victim = await signUp(app, 'energy-community', SECRET);
    await request(app.getHttpServer())
      .put(`/api/communities/${victim.communityId}/settlement-settings`)
      .set(bearer(victim.adminToken))
      .send({ mode: 'community-clearing', iban: 'CZ6508000000192000145399', dueDays: 14 })
      .expect(200);
    // A municipality, so the municipality's recharge routes have a member to ask about.
    const producer = await memberWithPoint(
      app,
      victim,
      'production',
      { name: `${SECRET} FVE`, kind: 'municipality' },
      '2.00',
    );
    ids.municipalityId = producer.memberId;
    const consumer = await memberWithPoint(app, victim, 'consumption', { name: `${SECRET} Jana` }, '4.00');
    eans.producer = producer.ean;
    eans.consumer = consumer.ean;
    const key = keyOf([{ producer, consumer, percent: 100 }]);
    csv = await exportWith([producer, consumer], key, '2026-06-01', '2026-06-30', (_point, date, interval) =>
      date === '2026-06-10' && interval === 48 ? 10_000 : 0,
    );
    await importMonth(app, victim, key, csv);
    ids.priceListId = (await postPriceList(app, victim, { pricePerKwh: '3.00' })).id;
    const final = await approveAndFinalize(app, victim, (await settleDraft(app, victim, '2026-06')).id);
    ids.runId = final.id;
    const imports = await request(app.getHttpServer())
      .get(`/api/communities/${victim.communityId}/imports`)
      .set(bearer(victim.adminToken))
      .expect(200);
    ids.importId = (imports.body as { id: string }[])[0]?.id as string;
    const documents = await request(app.getHttpServer())
      .get(`/api/communities/${victim.communityId}/documents`)
      .set(bearer(victim.adminToken))
      .expect(200);
    ids.documentId = (documents.body as { id: string }[])[0]?.id as string;
    ids.adviceJobId = keyAdviceJobId(victim.communityId, { months: ['2026-06'] });
    // a statement with one entry nobody matched, and a payout order of the producer
    const statement = await request(app.getHttpServer())
      .post(`/api/communities/${victim.communityId}/bank-statements`)
      .set(bearer(victim.adminToken))
      .attach(
        'file',
        Buffer.from(
          camt053Statement('CZ6508000000192000145399', 'VICTIM-1', [
            { amount: '1.00', bookingDate: '2026-07-01', reference: 'V1', message: SECRET },
          ]),
        ),
        'statement.xml',
      )
      .expect(201);
    ids.entryId = (statement.body as { entries: { id: string }[] }).entries[0]?.id as string;
    await request(app.getHttpServer())
      .put(`/api/communities/${victim.communityId}/payouts/accounts/${producer.memberId}`)
      .set(bearer(victim.adminToken))
      .send({ account: '19-2000145399/0800' })
      .expect(200);
    const payout = await request(app.getHttpServer())
      .post(`/api/communities/${victim.communityId}/payouts`)
      .set(bearer(victim.adminToken))
      .send({ format: 'pain001' })
      .expect(201);
    ids.payoutId = (payout.body as { id: string }).id;
    const manual = await request(app.getHttpServer())
      .post(`/api/communities/${victim.communityId}/documents/${ids.documentId}/payments`)
      .set(bearer(victim.adminToken))
      .send({ amount: '1.00', paidOn: '2026-07-01', note: 'hotově' })
      .expect(201);
    ids.manualPaymentId = (manual.body as { payments: { id: string; source: string }[] }).payments.find(
      (payment) => payment.source === 'manual',
    )?.id as string;
    expect(Object.values(ids).every((id) => id !== '')).toBe(true);

    const attacker = await signUp(app, 'energy-community', 'Attacker');
    const household = await memberWithPoint(app, attacker, 'consumption', { name: 'Attacker household' });
    attackers = [
      { name: 'admin of another community', token: attacker.adminToken },
      { name: 'member of another community', token: await memberLogin(app, attacker, household.memberId) },
    ];
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  /** The data routes with the victim's ids, in an order the victim's administrator can also walk through. */
  function routes(): Route[] {
    const june = 'from=2026-06-01&to=2026-06-30';
    return [
      { method: 'get', path: `sharing?${june}&granularity=day` },
      { method: 'get', path: `sharing/groups?${june}` },
      { method: 'get', path: 'sharing/status' },
      { method: 'get', path: 'completeness?month=2026-06' },
      { method: 'get', path: 'dashboard' },
      { method: 'get', path: `discrepancies?${june}` },
      { method: 'get', path: `discrepancies/pairs?${june}` },
      {
        method: 'post',
        path: 'simulations',
        body: {
          from: '2026-06-01',
          to: '2026-06-30',
          key: {
            method: 'static',
            allocations: [{ producer: eans.producer, consumer: eans.consumer, percent: 50 }],
          },
        },
      },
      { method: 'get', path: 'missed-sharing?month=2026-06' },
      // the key advice: the POST starts the victim's job, whose id the GET then reads
      { method: 'post', path: 'key-advice', body: { months: ['2026-06'] } },
      { method: 'get', path: `key-advice/${ids.adviceJobId}` },
      { method: 'get', path: 'imports' },
      { method: 'get', path: `imports/${ids.importId}` },
      { method: 'post', path: `imports/${ids.importId}/retry` },
      { method: 'post', path: 'imports', file: csv },
      { method: 'get', path: 'price-lists' },
      {
        method: 'post',
        path: 'price-lists',
        body: { validFrom: '2027-01-01', pricePerKwh: '3.50', sellerVatPayer: false },
      },
      { method: 'patch', path: `price-lists/${ids.priceListId}`, body: { validTo: '2027-12-31' } },
      { method: 'get', path: 'settlement-settings' },
      { method: 'put', path: 'settlement-settings', body: { mode: 'community-clearing', dueDays: 21 } },
      { method: 'get', path: 'two-factor-policy' },
      // Turning the rule off needs no second factor of the caller, so the owner reaches it like the others.
      { method: 'put', path: 'two-factor-policy', body: { required: false } },
      { method: 'get', path: 'settlements' },
      { method: 'get', path: `settlements/${ids.runId}` },
      { method: 'get', path: 'settlements/suggested-period' },
      { method: 'get', path: `settlements/${ids.runId}/previews` },
      { method: 'get', path: `settlements/${ids.runId}/export.csv` },
      { method: 'get', path: `settlements/${ids.runId}/accounting-export?format=pohoda` },
      { method: 'get', path: 'accounting-export?format=isdoc-zip&from=2026-06-01&to=2026-07-31' },
      { method: 'get', path: 'accounting-export-settings' },
      {
        method: 'put',
        path: 'accounting-export-settings',
        body: {
          issuedAccounting: '311/602',
          receivedAccounting: null,
          issuedNumberSeries: null,
          receivedNumberSeries: null,
        },
      },
      { method: 'post', path: `settlements/${ids.runId}/approve` },
      { method: 'post', path: `settlements/${ids.runId}/finalize` },
      { method: 'post', path: 'settlements', body: { period: '2026-07' } },
      { method: 'get', path: 'documents' },
      { method: 'get', path: `documents/${ids.documentId}` },
      { method: 'get', path: `documents/${ids.documentId}/pdf` },
      { method: 'get', path: `documents/${ids.documentId}/isdoc` },
      { method: 'post', path: `documents/${ids.documentId}/pay` },
      { method: 'post', path: `documents/${ids.documentId}/delivery/resend` },
      { method: 'get', path: `settlements/${ids.runId}/deliveries` },
      { method: 'post', path: `settlements/${ids.runId}/deliveries/resend` },
      { method: 'get', path: 'card-payments' },
      {
        method: 'post',
        path: `documents/${ids.documentId}/payments`,
        body: { amount: '2.00', paidOn: '2026-07-02' },
      },
      { method: 'delete', path: `documents/${ids.documentId}/payments/${ids.manualPaymentId}` },
      { method: 'post', path: `documents/${ids.documentId}/corrections`, body: { reason: 'Wrong price' } },
      { method: 'get', path: `municipalities/${ids.municipalityId}/recharges?from=2026-06&to=2026-06` },
      { method: 'get', path: `municipalities/${ids.municipalityId}/recharges.csv?from=2026-06&to=2026-06` },
      { method: 'get', path: `municipalities/${ids.municipalityId}/recharges.xlsx?from=2026-06&to=2026-06` },
      { method: 'get', path: 'bank-statements' },
      { method: 'post', path: 'bank-statements', file: csv },
      { method: 'get', path: 'bank-entries?unmatched=true' },
      {
        method: 'post',
        path: `bank-entries/${ids.entryId}/assignment`,
        body: { documentId: ids.documentId },
      },
      { method: 'delete', path: `bank-entries/${ids.entryId}/assignment` },
      { method: 'get', path: 'payments?status=unpaid' },
      { method: 'get', path: 'payments/settings' },
      { method: 'put', path: 'payments/settings', body: { reminderDays: [10] } },
      { method: 'get', path: 'payouts/candidates' },
      {
        method: 'put',
        path: `payouts/accounts/${ids.municipalityId}`,
        body: { account: '19-2000145399/0800' },
      },
      { method: 'post', path: 'payouts', body: { format: 'pain001', includeExported: true } },
      { method: 'get', path: 'payouts' },
      { method: 'get', path: `payouts/${ids.payoutId}/file` },
      { method: 'get', path: 'billing' },
      { method: 'post', path: 'billing/checkout' },
      { method: 'post', path: 'billing/portal' },
      { method: 'post', path: 'billing/connect' },
      // The EDC connector: the victim has no credentials until the PUT, so groups and fetch answer 409 to it.
      { method: 'get', path: 'edc-connector' },
      { method: 'get', path: 'edc-connector/groups' },
      { method: 'put', path: 'edc-connector/mapping', body: { groups: [] } },
      { method: 'post', path: 'edc-connector/fetch', body: { from: '2026-06-01', to: '2026-06-30' } },
      {
        method: 'put',
        path: 'edc-connector/credentials',
        body: { username: 'intruder@example.cz', password: 'intruder-password', consent: true },
      },
      { method: 'delete', path: 'edc-connector/credentials' },
    ];
  }

  function call(route: Route, token: string): Promise<request.Response> {
    const pending = request(app.getHttpServer())
      [route.method](`/api/communities/${victim.communityId}/${route.path}`)
      .set(bearer(token));
    if (route.file !== undefined) return pending.attach('file', Buffer.from(route.file, 'utf8'), 'june.csv');
    return route.body === undefined ? pending : pending.send(route.body);
  }

  /** `GET communities/:communityId/…` with `:id` for the other ids and no query. */
  function patternOf(route: Route): string {
    const path = route.path.split('?')[0] as string;
    const idValues = new Set(Object.values(ids));
    const segments = path.split('/').map((segment) => (idValues.has(segment) ? ':id' : segment));
    return `${route.method.toUpperCase()} communities/:communityId/${segments.join('/')}`;
  }

  it('covers, with the registry matrix, every route under communities/:communityId', () => {
    const covered = new Set([...registryPatterns(), ...routes().map(patternOf)]);
    const missing = routeCatalog(app)
      .filter((route) => route.path.startsWith('communities/:communityId'))
      .map((route) => `${route.method} ${route.path.replace(/:(?!communityId\b)\w+/g, ':id')}`)
      .filter((route) => !covered.has(route));
    expect(missing).toEqual([]);
  });

  it('answers 404 with none of the victim’s data to another community’s administrator and member', async () => {
    for (const attacker of attackers) {
      for (const route of routes()) {
        const response = await call(route, attacker.token);
        const label = `${attacker.name}: ${route.method.toUpperCase()} ${route.path} -> ${response.status} ${(response.text ?? '').slice(0, 300)}`;
        expect(response.status, label).toBe(404);
        expect(Object.keys(response.body as object), label).toEqual(['error']);
        expect(response.text, label).not.toContain(SECRET);
        expect(response.text, label).not.toContain(eans.consumer);
      }
    }
  });

  // Last, because it changes the victim's data: each route exists and reaches its handler for the owner, so the
  // 404s above come from tenant isolation and not from a mistyped path.
  it('lets the victim’s administrator reach every route of this matrix', async () => {
    for (const route of routes()) {
      const response = await call(route, victim.adminToken);
      const label = `${route.method.toUpperCase()} ${route.path} -> ${response.status} ${(response.text ?? '').slice(0, 300)}`;
      expect(response.status, label).not.toBe(404);
      expect(response.status, label).toBeLessThan(500);
    }
  });
});
