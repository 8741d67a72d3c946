import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeEdcStandardExport } from '@sdilna/shared/domain-edc';
import {
  DEFAULT_SCENARIO_SEED,
  generateScenarioDays,
  scenarioDefinition,
  scenarioKeyFile,
  scenarioPoints,
  type ScenarioDefinition,
} from '@sdilna/shared/util-scenarios';

import { createTestApp } from '../support/create-test-app';
import { pdfText, validateIsdoc } from '../support/document-checks';
import { textOf } from '../support/edc-files';
import { bearer, uniqueEan } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { withOwner } from '../support/owner-database';
import { registerGroup, settledImport, upload } from '../support/readings-community';
import {
  approveAndFinalize,
  postPriceList,
  settleDraft,
  type RunBody,
} from '../support/settlement-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('settlement-lomnice');

/** March 2026: a month with spring sun for every plant, and the DST day (29 March, 92 intervals). */
const PERIOD = '2026-03';
const FROM = '2026-03-01';
const TO = '2026-03-31';

interface DocumentBody {
  id: string;
  kind: string;
  number: string;
  sellerId: string;
  buyerId: string;
  net: string;
  gross: string;
  currency: string;
}

function halere(text: string): number {
  const cents = Math.round(Number(text) * 100);
  expect(czk(cents)).toBe(text);
  return cents;
}

function czk(halereAmount: number): string {
  return (halereAmount / 100).toFixed(2);
}

/** kWh from the API (a number with at most two decimals) as integer 0.01 kWh. */
function hundredths(kwh: number): number {
  return Math.round(kwh * 100);
}

/**
 * The Lomnice scenario with fresh EANs (EANs are unique across the communities of the test database), assigned
 * in the order of the original ones: every ordering by EAN (the engine's, the split's tie-break) stays the same.
 */
function lomniceWithFreshEans(): ScenarioDefinition {
  const definition = scenarioDefinition({ name: 'lomnice', seed: DEFAULT_SCENARIO_SEED });
  const original = scenarioPoints(definition)
    .map((point) => point.ean)
    .sort();
  const fresh = new Set<string>();
  while (fresh.size < original.length) fresh.add(uniqueEan());
  const sorted = [...fresh].sort();
  const mapping = new Map(original.map((ean, index) => [ean, sorted[index] as string]));
  const map = (ean: string | undefined) => (ean === undefined ? undefined : mapping.get(ean));
  return {
    ...definition,
    sites: definition.sites.map((site) => {
      const { producerEan, consumerEan, ...rest } = site;
      return {
        ...rest,
        ...(producerEan !== undefined ? { producerEan: map(producerEan) } : {}),
        ...(consumerEan !== undefined ? { consumerEan: map(consumerEan) } : {}),
      };
    }),
    allocations: definition.allocations.map((allocation) => ({
      ...allocation,
      producer: map(allocation.producer) as string,
      consumer: map(allocation.consumer) as string,
    })),
  };
}

describe('settling a Lomnice month: every consumer draws from several producers by priority', () => {
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

  it('bills every consumer its EDC shared energy, splits it among its producers, issues and downloads documents', async () => {
    const definition = lomniceWithFreshEans();
    const points = scenarioPoints(definition);
    const consumers = points.filter((point) => point.role === 'consumption');
    const producers = points.filter((point) => point.role === 'production');
    expect(consumers).toHaveLength(7);
    expect(producers).toHaveLength(5);
    for (const consumer of consumers) {
      expect(definition.allocations.filter((a) => a.consumer === consumer.ean).length).toBeGreaterThan(1);
    }

    // Registry through the API (one member per metering point, so every EAN's money is its member's), then the
    // month's EDC export through the real upload and the in-process worker.
    const group = await registerGroup(app, points, scenarioKeyFile(definition), { validFrom: '2026-01-01' });
    const community = group.community;
    const csv = await textOf(
      writeEdcStandardExport(
        points,
        generateScenarioDays(definition, { from: FROM, to: TO, seed: DEFAULT_SCENARIO_SEED }),
      ),
    );
    const accepted = await upload(app, community, csv, `lomnice-${PERIOD}.csv`);
    const imported = await settledImport(app, community, accepted.id);
    expect(imported.status, JSON.stringify(imported)).toBe('done');

    const settings = await http()
      .put(`/api/communities/${community.communityId}/settlement-settings`)
      .set(bearer(community.adminToken))
      .send({
        mode: 'community-clearing',
        czechAccount: '19-2000145399/0800',
        dueDays: 14,
      });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    await postPriceList(app, community, { pricePerKwh: '3.00', sellerVatPayer: false });

    const run: RunBody = await settleDraft(app, community, PERIOD);
    expect(run.computeStatus, JSON.stringify(run.error)).toBe('done');
    // the engine over the stored values agrees with EDC everywhere: no interval needed the key-share fallback
    expect(run.warnings.filter((warning) => warning.code === 'PAIRS_KEY_SHARE')).toEqual([]);

    const stored = (await withOwner((owner) =>
      owner.query(
        `SELECT metering_point_id AS id, sum(total)::bigint AS shared FROM readings
          WHERE community_id = $1 AND series = 2 AND day BETWEEN $2::date AND $3::date
          GROUP BY metering_point_id`,
        [community.communityId, FROM, TO],
      ),
    )) as Array<{ id: string; shared: string }>;
    const storedShared = new Map(stored.map((row) => [row.id, Number(row.shared)]));
    const memberOf = (ean: string): RunBody['members'][number] => {
      const registered = group.points.get(ean);
      const member = run.members.find((m) => m.memberId === registered?.memberId);
      if (!registered || !member) throw new Error(`${ean} is not in the run`);
      return member;
    };
    const edcShared = (ean: string): number => storedShared.get(group.points.get(ean)?.id ?? '') ?? 0;

    // Each consumer is billed exactly its stored EDC shared energy, on lines that sum to it.
    let consumersTotal = 0;
    for (const consumer of consumers) {
      const member = memberOf(consumer.ean);
      const shared = edcShared(consumer.ean);
      expect(shared, consumer.ean).toBeGreaterThan(0);
      expect(hundredths(member.receivedKwh), consumer.ean).toBe(shared);
      const bought = member.lines.filter((line) => line.buyerId === member.memberId);
      expect(bought.reduce((sum, line) => sum + hundredths(line.energyKwh), 0)).toBe(shared);
      consumersTotal += shared;
    }

    // The producers' pair quantities add up to the consumers'; EDC's figures here come from the same engine, so
    // the split equals the engine's pairs and each producer supplied exactly its own stored EDC shared energy.
    let producersTotal = 0;
    for (const producer of producers) {
      const member = memberOf(producer.ean);
      expect(hundredths(member.suppliedKwh), producer.ean).toBe(edcShared(producer.ean));
      producersTotal += hundredths(member.suppliedKwh);
    }
    expect(producersTotal).toBe(consumersTotal);
    expect(hundredths(run.totals.sharedKwh)).toBe(consumersTotal);

    // Every line recomputed here: 0.01 kWh × 3.00 Kč/kWh = 3 haléře, no VAT (the community is not a VAT payer,
    // nor is any producer), rounded once per line.
    const lines = new Map(
      run.members.flatMap((member) => member.lines.map((line) => [JSON.stringify(line), line])),
    );
    let consumersPay = 0;
    let producersReceive = 0;
    for (const line of lines.values()) {
      expect(line.unitPricePerKwh).toBe('3.00');
      const net = hundredths(line.energyKwh) * 3;
      expect(line.net, JSON.stringify(line)).toBe(czk(net));
      expect(line.vat).toBe('0.00');
      expect(line.gross).toBe(czk(net));
      if (line.buyerId === 'community') producersReceive += net;
      if (line.sellerId === 'community') consumersPay += net;
    }
    expect(consumersPay).toBe(consumersTotal * 3);
    expect(run.totals.consumersPay).toBe(czk(consumersPay));
    expect(run.totals.producersReceive).toBe(czk(producersReceive));
    expect(halere(run.totals.consumersPay)).toBe(
      halere(run.totals.producersReceive) + halere(run.totals.communityMargin),
    );
    expect(run.totals.communityMargin).toBe('0.00');

    const final = await approveAndFinalize(app, community, run.id);
    expect(final.status).toBe('final');
    const listed = await http()
      .get(`/api/communities/${community.communityId}/documents`)
      .query({ runId: run.id })
      .set(bearer(community.adminToken));
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const documents = listed.body as DocumentBody[];
    expect(documents).toHaveLength(final.documentCount ?? -1);
    const invoices = documents.filter((d) => d.kind === 'invoice');
    const selfBilled = documents.filter((d) => d.kind === 'self-billed-credit-note');
    expect(invoices).toHaveLength(consumers.length);
    expect(selfBilled).toHaveLength(producers.length);
    expect(invoices.reduce((sum, d) => sum + halere(d.gross), 0)).toBe(consumersPay);
    expect(selfBilled.reduce((sum, d) => sum + halere(d.gross), 0)).toBe(producersReceive);

    const first = consumers[0] as (typeof consumers)[number];
    const invoice = invoices.find((d) => d.buyerId === group.points.get(first.ean)?.memberId);
    expect(invoice).toBeDefined();
    const pdf = await http()
      .get(`/api/communities/${community.communityId}/documents/${invoice?.id}/pdf`)
      .set(bearer(community.adminToken))
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.body as Buffer);
    expect(text).toContain(invoice?.number);
    // Czech format with thousands separated by (non-breaking) spaces: compare without any spacing
    expect(text.replace(/\s/g, '')).toContain(`${(invoice?.gross ?? '').replace('.', ',')}`);

    const isdoc = await http()
      .get(`/api/communities/${community.communityId}/documents/${invoice?.id}/isdoc`)
      .set(bearer(community.adminToken));
    expect(isdoc.status).toBe(200);
    expect(isdoc.headers['content-type']).toMatch(/^application\/xml/);
    expect(await validateIsdoc(isdoc.text)).toEqual({ valid: true, errors: [] });
    expect(isdoc.text).toContain(invoice?.number);
  });
});
