import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { strFromU8, unzipSync } from 'fflate';

import { COMMUNITY_PARTY_ID, type SettlementDocument } from '@sdilna/shared/domain-settlement';
import { parseSpayd } from '@sdilna/shared/util-documents';
import { pohodaMismatches } from '@sdilna/shared/util-documents/testing';

import { createTestApp } from '../support/create-test-app';
import { pdfText, validateIsdoc } from '../support/document-checks';
import { bearer, signUp, type TestCommunity } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { withAppRole, withOwner } from '../support/owner-database';
import { freshFixture } from '../support/edc-files';
import { memberLogin, registerGroup, settledImport, upload } from '../support/readings-community';
import {
  approveAndFinalize,
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  runPath,
  settleDraft,
  type RunBody,
  type SettlementPoint,
} from '../support/settlement-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('settlement');

interface DocumentBody {
  id: string;
  kind: string;
  number: string;
  variableSymbol: string;
  sellerId: string;
  buyerId: string;
  net: string;
  vat: string;
  gross: string;
  currency: string;
  spayd?: string;
  correctsDocumentId?: string;
  lines: Array<{ net: string; vat: string; gross: string; energyKwh: number; unitPricePerKwh: string }>;
}

const JUNE_FROM = '2026-06-01';
const JUNE_TO = '2026-06-30';
const IBAN = 'CZ6508000000192000145399';

/** 0.01 kWh → haléře as a string, for expectations: "300.00". */
function czk(halere: number): string {
  return (halere / 100).toFixed(2);
}

function halere(text: string): number {
  return Math.round(Number(text) * 100);
}

describe('settlement runs and documents', () => {
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

  async function documents(
    community: TestCommunity,
    token = community.adminToken,
    query: Record<string, string> = {},
  ): Promise<DocumentBody[]> {
    const response = await http()
      .get(`/api/communities/${community.communityId}/documents`)
      .query(query)
      .set(bearer(token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as DocumentBody[];
  }

  /** The community's account; its DIČ only while it is a VAT payer (a non-payer's DIČ stops finalising). */
  async function bankAccount(community: TestCommunity, vatPayer = false): Promise<void> {
    const response = await http()
      .put(`/api/communities/${community.communityId}/settlement-settings`)
      .set(bearer(community.adminToken))
      .send({
        mode: 'community-clearing',
        iban: IBAN,
        dueDays: 14,
        ...(vatPayer ? { dic: 'CZ12345679' } : {}),
      });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  /** One producer and one consumer; 100 kWh shared in one June interval at the given prices. */
  async function hundredKwhCommunity(options: { vatPayer?: boolean } = {}) {
    const community = await signUp(app);
    await bankAccount(community, options.vatPayer ?? false);
    const producer = await memberWithPoint(app, community, 'production', { name: 'FVE Na Kopci' }, '2.00');
    const consumer = await memberWithPoint(app, community, 'consumption', { name: 'Jana Nováková' }, '4.00');
    const key = keyOf([{ producer, consumer, percent: 100 }]);
    const csv = await exportWith([producer, consumer], key, JUNE_FROM, JUNE_TO, (_point, date, interval) =>
      date === '2026-06-10' && interval === 48 ? 10_000 : 0,
    );
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, { pricePerKwh: '3.00', sellerVatPayer: options.vatPayer ?? false });
    return { community, producer, consumer };
  }

  function memberOf(run: RunBody, point: SettlementPoint): RunBody['members'][number] {
    const member = run.members.find((m) => m.memberId === point.memberId);
    if (!member) throw new Error(`member ${point.memberId} not in the run`);
    return member;
  }

  it('saves a member 100 Kč on 100 kWh shared at 3.00 Kč/kWh when its supplier charges 4.00 Kč/kWh', async () => {
    const { community, producer, consumer } = await hundredKwhCommunity();
    const run = await settleDraft(app, community, '2026-06');
    expect(run.computeStatus, JSON.stringify(run.error)).toBe('done');
    expect(run.status).toBe('draft');
    const buyer = memberOf(run, consumer);
    expect(buyer.receivedKwh).toBe(100);
    expect(buyer.purchases).toEqual({ net: '300.00', vat: '0.00', gross: '300.00', currency: 'CZK' });
    expect(buyer.consumerSaving).toBe('100.00');
    const seller = memberOf(run, producer);
    expect(seller.suppliedKwh).toBe(100);
    expect(seller.sales.net).toBe('300.00');
    // 100 kWh × (3.00 − 2.00 feed-in)
    expect(seller.producerGain).toBe('100.00');
    expect(run.totals).toEqual({
      sharedKwh: 100,
      consumersPay: '300.00',
      producersReceive: '300.00',
      communityMargin: '0.00',
      // a non-payer community buying from a non-payer: no VAT on either side, nothing is its cost
      communityOutputVat: '0.00',
      communityInputVat: '0.00',
      communityNonDeductibleVat: '0.00',
      communityResult: '0.00',
      currency: 'CZK',
    });
  });

  it('issues an invoice and a self-billed credit note on finalising, with PDF, QR payment, ISDOC and CSV', async () => {
    const { community, producer, consumer } = await hundredKwhCommunity();
    const draft = await settleDraft(app, community, '2026-06');
    const final = await approveAndFinalize(app, community, draft.id);
    expect(final.status).toBe('final');
    expect(final.documentCount).toBe(2);

    const issued = await documents(community);
    const invoice = issued.find((d) => d.kind === 'invoice');
    const creditNote = issued.find((d) => d.kind === 'self-billed-credit-note');
    expect(invoice).toMatchObject({
      sellerId: 'community',
      buyerId: consumer.memberId,
      gross: '300.00',
      currency: 'CZK',
    });
    expect(invoice?.number).toMatch(/^FV-\d{4}-000001$/);
    expect(invoice?.variableSymbol).toMatch(/^1\d{2}000001$/);
    expect(creditNote).toMatchObject({
      sellerId: producer.memberId,
      buyerId: 'community',
      vat: '0.00',
      gross: '300.00',
    });
    expect(creditNote?.number).toMatch(/^VD-\d{4}-000001$/);

    const spayd = parseSpayd(invoice?.spayd ?? '').fields;
    expect(spayd.get('AM')).toBe('300.00');
    expect(spayd.get('ACC')).toBe(IBAN);
    expect(spayd.get('X-VS')).toBe(invoice?.variableSymbol);

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
    expect(text).toContain('300,00');
    expect(text).toContain('Jana Nováková');

    for (const document of [invoice, creditNote]) {
      const isdoc = await http()
        .get(`/api/communities/${community.communityId}/documents/${document?.id}/isdoc`)
        .set(bearer(community.adminToken));
      expect(isdoc.status).toBe(200);
      expect(isdoc.headers['content-type']).toMatch(/^application\/xml/);
      expect(await validateIsdoc(isdoc.text)).toEqual({ valid: true, errors: [] });
    }

    const csv = await http()
      .get(`${runPath(community, draft.id)}/export.csv`)
      .set(bearer(community.adminToken));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain(invoice?.number);
    expect(csv.text).toContain(creditNote?.number);
    expect(csv.text).toContain('300,00');
  });

  it('keeps a final run and its documents unchanged: the API answers 409 and the database refuses the app role', async () => {
    const { community } = await hundredKwhCommunity();
    const draft = await settleDraft(app, community, '2026-06');
    await approveAndFinalize(app, community, draft.id);

    const again = await http()
      .post(runPath(community))
      .set(bearer(community.adminToken))
      .send({ period: '2026-06' });
    // a final month is settled again only by a correction run, and only when its inputs changed (issue 17)
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOTHING_TO_CORRECT');
    for (const action of ['approve', 'finalize']) {
      const response = await http()
        .post(`${runPath(community, draft.id)}/${action}`)
        .set(bearer(community.adminToken));
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('SETTLEMENT_FINAL');
    }

    const attempts = [
      `UPDATE settlement_lines SET net = 0, gross = vat WHERE run_id = '${draft.id}'`,
      `DELETE FROM settlement_lines WHERE run_id = '${draft.id}'`,
      `UPDATE settlement_runs SET status = 'draft' WHERE id = '${draft.id}'`,
      `DELETE FROM settlement_runs WHERE id = '${draft.id}'`,
      `UPDATE documents SET gross = gross + 100, net = net + 100 WHERE run_id = '${draft.id}'`,
      `DELETE FROM documents WHERE run_id = '${draft.id}'`,
      `UPDATE document_counters SET last_sequence = 0`,
    ];
    for (const sql of attempts) {
      const error = await withAppRole(async (connection) => {
        await connection.startTransaction();
        try {
          await connection.query(`SELECT set_config('app.community_id', $1, true)`, [community.communityId]);
          await connection.query(sql);
          return undefined;
        } catch (caught) {
          return caught as { message: string; code: string };
        } finally {
          await connection.rollbackTransaction();
        }
      });
      expect(error, sql).toBeDefined();
      expect(error?.code, sql).toBe('SD001');
      expect(error?.message, sql).toMatch(/final|issued|cannot go back/);
    }
    const unchanged = await documents(community);
    expect(unchanged.map((d) => d.gross).sort()).toEqual(['300.00', '300.00']);
  });

  it('corrects an issued invoice with a new corrective document that references it', async () => {
    const { community } = await hundredKwhCommunity();
    const draft = await settleDraft(app, community, '2026-06');
    await approveAndFinalize(app, community, draft.id);
    const invoice = (await documents(community)).find((d) => d.kind === 'invoice') as DocumentBody;
    const response = await http()
      .post(`/api/communities/${community.communityId}/documents/${invoice.id}/corrections`)
      .set(bearer(community.adminToken))
      .send({ reason: 'Chybně zadaná cena' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const correction = response.body as DocumentBody;
    expect(correction).toMatchObject({
      kind: 'corrective',
      correctsDocumentId: invoice.id,
      gross: '-300.00',
    });
    expect(correction.number).toMatch(/^OD-\d{4}-000001$/);
    const isdoc = await http()
      .get(`/api/communities/${community.communityId}/documents/${correction.id}/isdoc`)
      .set(bearer(community.adminToken));
    expect(await validateIsdoc(isdoc.text)).toEqual({ valid: true, errors: [] });
    const after = (await documents(community)).find((d) => d.id === invoice.id);
    expect(after?.gross).toBe('300.00');
  });

  it('charges 21 % VAT where the seller is a VAT payer and none where it is not', async () => {
    const community = await signUp(app);
    await bankAccount(community, true);
    const payer = await memberWithPoint(app, community, 'production', {
      name: 'Firma s.r.o.',
      kind: 'sme',
      vatPayer: true,
    });
    const nonPayer = await memberWithPoint(app, community, 'production', { name: 'Pan Novák' });
    const first = await memberWithPoint(app, community, 'consumption');
    const second = await memberWithPoint(app, community, 'consumption');
    const key = keyOf([
      { producer: payer, consumer: first, percent: 100 },
      { producer: nonPayer, consumer: second, percent: 100 },
    ]);
    const csv = await exportWith(
      [payer, nonPayer, first, second],
      key,
      JUNE_FROM,
      JUNE_TO,
      (_p, date, interval) => (date === '2026-06-15' && interval === 50 ? 10_000 : 0),
    );
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, { pricePerKwh: '3.00', sellerVatPayer: true });
    const run = await settleDraft(app, community, '2026-06');
    expect(run.communityVatPayer).toBe(true);
    // the community is a VAT payer: both consumers pay 300.00 + 63.00 VAT
    expect(memberOf(run, first).purchases).toMatchObject({ net: '300.00', vat: '63.00', gross: '363.00' });
    expect(memberOf(run, second).purchases).toMatchObject({ net: '300.00', vat: '63.00', gross: '363.00' });
    expect(memberOf(run, payer).sales).toMatchObject({ net: '300.00', vat: '63.00', gross: '363.00' });
    expect(memberOf(run, nonPayer).sales).toMatchObject({ net: '300.00', vat: '0.00', gross: '300.00' });

    await approveAndFinalize(app, community, run.id);
    const issued = await documents(community);
    expect(issued.filter((d) => d.kind === 'self-billed-invoice').map((d) => [d.sellerId, d.vat])).toEqual([
      [payer.memberId, '63.00'],
    ]);
    expect(
      issued.filter((d) => d.kind === 'self-billed-credit-note').map((d) => [d.sellerId, d.vat]),
    ).toEqual([[nonPayer.memberId, '0.00']]);
    // numbering per series and year without gaps
    const invoices = issued
      .filter((d) => d.kind === 'invoice')
      .map((d) => d.number.slice(-6))
      .sort();
    expect(invoices).toEqual(['000001', '000002']);

    // Issue 20: the month's accounting export with every kind it issued plus a corrective credit note, each ISDOC
    // valid against the XSD and typed by its kind, the Pohoda pack equal to the stored documents element by element.
    const cancelled = issued.find((d) => d.kind === 'invoice') as DocumentBody;
    const storno = await http()
      .post(`/api/communities/${community.communityId}/documents/${cancelled.id}/corrections`)
      .set(bearer(community.adminToken))
      .send({ reason: 'Chybně zadaná cena' });
    expect(storno.status, JSON.stringify(storno.body)).toBe(201);
    const exported = (format: string) =>
      http()
        .get(`${runPath(community, run.id)}/accounting-export`)
        .query({ format })
        .set(bearer(community.adminToken))
        .buffer(true)
        .parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        });
    const zip = await exported('isdoc-zip');
    expect(zip.status).toBe(200);
    expect(zip.headers['content-disposition']).toBe('attachment; filename="settlement-2026-06-isdoc.zip"');
    const batch = unzipSync(zip.body as Buffer);
    const stored: Array<{ body: SettlementDocument }> = await withOwner((client) =>
      client.query(`SELECT body FROM documents WHERE community_id = $1`, [community.communityId]),
    );
    const bodies = stored.map((row) => row.body);
    expect(Object.keys(batch).sort()).toEqual(bodies.map((d) => `${d.number}.isdocx`).sort());
    const typeOf: Record<string, string> = {};
    for (const document of bodies) {
      const xml = strFromU8(unzipSync(batch[`${document.number}.isdocx`]!)[`${document.number}.isdoc`]!);
      expect(await validateIsdoc(xml), document.number).toEqual({ valid: true, errors: [] });
      typeOf[document.kind] = `${typeOf[document.kind] ?? ''}${/<DocumentType>(\d)</.exec(xml)?.[1]}`;
    }
    expect(typeOf).toEqual({
      invoice: '11',
      'self-billed-invoice': '1',
      'self-billed-credit-note': '1',
      corrective: '2',
    });
    const pohoda = await exported('pohoda');
    expect(pohoda.status).toBe(200);
    const [{ ico } = { ico: null }]: Array<{ ico: string | null }> = await withOwner((client) =>
      client.query(`SELECT ico FROM communities WHERE community_id = $1`, [community.communityId]),
    );
    expect(
      pohodaMismatches((pohoda.body as Buffer).toString('utf8'), bodies, {
        ico: ico ?? '',
        isOwn: (id) => id === COMMUNITY_PARTY_ID,
      }),
    ).toEqual([]);
  });

  it('prices energy in a night band at the band price and the rest at the base price', async () => {
    const community = await signUp(app);
    const producer = await memberWithPoint(app, community, 'production');
    const consumer = await memberWithPoint(app, community, 'consumption');
    const key = keyOf([{ producer, consumer, percent: 100 }]);
    // 10 kWh at 23:00 (interval 92 of a 96-interval June day) and 10 kWh at 12:00 (interval 48)
    const csv = await exportWith([producer, consumer], key, JUNE_FROM, JUNE_TO, (_p, date, interval) =>
      date === '2026-06-03' && (interval === 92 || interval === 48) ? 1_000 : 0,
    );
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, {
      pricePerKwh: '3.00',
      bands: [{ id: 'NT', label: 'Nízký tarif', windows: [{ from: '22:00', to: '06:00' }] }],
      bandPrices: { NT: '2.00' },
    });
    const run = await settleDraft(app, community, '2026-06');
    const lines = memberOf(run, consumer)
      .lines.map((line) => [line.band, line.energyKwh, line.unitPricePerKwh, line.net])
      .sort();
    expect(lines).toEqual([
      ['NT', 10, '2.00', '20.00'],
      ['base', 10, '3.00', '30.00'],
    ]);
  });

  it('rounds once per line, so 0.01 kWh in every interval at 3.33333 Kč/kWh is 96.00 Kč, and documents sum their lines', async () => {
    const community = await signUp(app);
    const producer = await memberWithPoint(app, community, 'production');
    const consumer = await memberWithPoint(app, community, 'consumption');
    const key = keyOf([{ producer, consumer, percent: 100 }]);
    const csv = await exportWith([producer, consumer], key, JUNE_FROM, JUNE_TO, () => 1);
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, { pricePerKwh: '3.33333' });
    const run = await settleDraft(app, community, '2026-06');
    // 2 880 intervals × 0.01 kWh = 28.80 kWh; 28.80 × 3.33333 = 95.9999 → 96.00 (per interval it would be 86.40)
    expect(memberOf(run, consumer).receivedKwh).toBe(28.8);
    expect(memberOf(run, consumer).purchases.net).toBe('96.00');
    await approveAndFinalize(app, community, run.id);
    for (const document of await documents(community)) {
      const sum = (field: 'net' | 'vat' | 'gross') =>
        document.lines.reduce((total, line) => total + halere(line[field]), 0);
      expect(czk(sum('net'))).toBe(document.net);
      expect(czk(sum('vat'))).toBe(document.vat);
      expect(czk(sum('gross'))).toBe(document.gross);
    }
  });

  it('lets a municipality recharge its two units; the accountant sees the recharges and a unit only its own', async () => {
    const community = await signUp(app);
    const town = await memberWithPoint(app, community, 'production', {
      name: 'Obec Lomnice nad Lužnicí',
      kind: 'municipality',
    });
    const school = await memberWithPoint(app, community, 'consumption', {
      name: 'ZŠ Lomnice',
      kind: 'municipal-unit',
      parentMemberId: town.memberId,
    });
    const hall = await memberWithPoint(app, community, 'consumption', {
      name: 'Sportovní hala',
      kind: 'municipal-unit',
      parentMemberId: town.memberId,
    });
    const household = await memberWithPoint(app, community, 'consumption', { name: 'Domácnost' });
    const key = keyOf([
      { producer: town, consumer: school, percent: 40 },
      { producer: town, consumer: hall, percent: 40 },
      { producer: town, consumer: household, percent: 20 },
    ]);
    const csv = await exportWith(
      [town, school, hall, household],
      key,
      JUNE_FROM,
      JUNE_TO,
      (point, date, interval) => {
        if (date !== '2026-06-20' || interval !== 52) return 0;
        return point.role === 'production' ? 10_000 : 4_000;
      },
    );
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, { pricePerKwh: '3.00' });
    const run = await settleDraft(app, community, '2026-06');
    const recharges = run.members
      .flatMap((member) => member.lines)
      .filter((line) => line.channel === 'internal' && line.sellerId === town.memberId);
    expect(new Set(recharges.map((line) => line.buyerId))).toEqual(new Set([school.memberId, hall.memberId]));
    await approveAndFinalize(app, community, run.id);

    const all = await documents(community);
    const internal = all.filter((d) => d.kind === 'internal-recharge');
    expect(internal.map((d) => d.buyerId).sort()).toEqual([school.memberId, hall.memberId].sort());
    expect(internal.every((d) => d.sellerId === town.memberId && d.number.startsWith('PF-'))).toBe(true);

    const accountant = await roleLogin(community, 'municipality-accountant', town.memberId);
    const seen = await documents(community, accountant);
    expect(seen.filter((d) => d.kind === 'internal-recharge').length).toBe(2);
    expect(seen.some((d) => d.buyerId === household.memberId)).toBe(false);
    // the accountant's Pohoda pack: the municipality's books, its recharges as issued invoices (not tax documents)
    const pack = await http()
      .get(`${runPath(community, run.id)}/accounting-export`)
      .query({ format: 'pohoda' })
      .set(bearer(accountant));
    expect(pack.status, pack.text).toBe(200);
    const ownIds = new Set([town.memberId, school.memberId, hall.memberId]);
    const visible: Array<{ body: SettlementDocument }> = await withOwner((client) =>
      client.query(
        `SELECT body FROM documents WHERE community_id = $1 AND (seller_id = ANY($2) OR buyer_id = ANY($2))`,
        [community.communityId, [...ownIds]],
      ),
    );
    expect(visible.filter((row) => row.body.kind === 'internal-recharge')).toHaveLength(2);
    expect(
      pohodaMismatches(
        pack.text,
        visible.map((row) => row.body),
        { ico: visible[0]?.body.seller.ico ?? '', isOwn: (id) => ownIds.has(id) },
      ),
    ).toEqual([]);

    const unit = await memberLogin(app, community, school.memberId);
    const own = await documents(community, unit);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((d) => d.buyerId === school.memberId || d.sellerId === school.memberId)).toBe(true);
    const foreign = all.find((d) => d.buyerId === household.memberId) as DocumentBody;
    const hidden = await http()
      .get(`/api/communities/${community.communityId}/documents/${foreign.id}/pdf`)
      .set(bearer(unit));
    expect(hidden.status).toBe(404);
  });

  async function roleLogin(community: TestCommunity, role: string, memberId: string): Promise<string> {
    const token = await memberLogin(app, community, memberId);
    await withOwner((client) =>
      client.query(
        `UPDATE memberships SET role = $3 WHERE community_id = $1 AND member_id = $2 AND role = 'member'`,
        [community.communityId, memberId, role],
      ),
    );
    return token;
  }

  it('answers 404 to another community and 403 to a member who tries to settle', async () => {
    const { community, consumer } = await hundredKwhCommunity();
    const other = await signUp(app);
    const draft = await settleDraft(app, community, '2026-06');
    const foreign = await http().get(runPath(community, draft.id)).set(bearer(other.adminToken));
    expect(foreign.status).toBe(404);
    const member = await memberLogin(app, community, consumer.memberId);
    const refused = await http().post(runPath(community)).set(bearer(member)).send({ period: '2026-06' });
    expect(refused.status).toBe(403);
    const draftHidden = await http().get(runPath(community, draft.id)).set(bearer(member));
    expect(draftHidden.status).toBe(404);
  });

  it('recomputes a draft with a new price list and refuses a period that is not a month', async () => {
    const { community, consumer } = await hundredKwhCommunity();
    const first = await settleDraft(app, community, '2026-06');
    expect(memberOf(first, consumer).purchases.net).toBe('300.00');
    const bad = await http()
      .post(runPath(community))
      .set(bearer(community.adminToken))
      .send({ period: '2026-13' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    // end the 3.00 list in May and price June at 2.50: the same draft is recomputed
    await withOwner((client) =>
      client.query(`UPDATE price_lists SET valid_to = '2026-05-31' WHERE community_id = $1`, [
        community.communityId,
      ]),
    );
    await postPriceList(app, community, { validFrom: '2026-06-01', pricePerKwh: '2.50' });
    const second = await settleDraft(app, community, '2026-06');
    expect(second.id).toBe(first.id);
    expect(memberOf(second, consumer).purchases.net).toBe('250.00');
  });
  it('settles the Bobnická April at 3.00 Kč/kWh: every line equals the stored shared kWh × 3.00, rounded once', async () => {
    const fixture = await freshFixture();
    const group = await registerGroup(app, fixture.points, fixture.key);
    const accepted = await upload(app, group.community, fixture.csv, 'group-a-2026-04.csv');
    expect((await settledImport(app, group.community, accepted.id)).status).toBe('done');
    await postPriceList(app, group.community, { pricePerKwh: '3.00' });
    const run = await settleDraft(app, group.community, '2026-04');
    expect(run.computeStatus, JSON.stringify(run.error)).toBe('done');

    const stored = (await withOwner((owner) =>
      owner.query(
        `SELECT metering_point_id AS id, sum(total)::bigint AS shared FROM readings
          WHERE community_id = $1 AND series = 2 AND day BETWEEN '2026-04-01' AND '2026-04-30'
          GROUP BY metering_point_id`,
        [group.community.communityId],
      ),
    )) as Array<{ id: string; shared: string }>;
    const sharedOf = new Map(stored.map((row) => [row.id, Number(row.shared)]));
    let consumersChecked = 0;
    let totalNet = 0;
    for (const point of fixture.points.filter((p) => p.role === 'consumption')) {
      const registered = group.points.get(point.ean);
      if (!registered) continue;
      const shared = sharedOf.get(registered.id) ?? 0;
      const member = run.members.find((m) => m.memberId === registered.memberId);
      if (shared === 0) {
        expect(member?.purchases.net ?? '0.00').toBe('0.00');
        continue;
      }
      // 0.01 kWh × 300 h/kWh ÷ 100 = 3 h per 0.01 kWh: exact, so the line is the stored energy × 3 haléře
      const line = member?.lines.find((l) => l.buyerId === registered.memberId);
      expect(line?.energyKwh).toBe(shared / 100);
      expect(line?.net).toBe(czk(shared * 3));
      consumersChecked++;
      totalNet += shared * 3;
    }
    expect(consumersChecked).toBeGreaterThan(5);
    expect(run.totals.consumersPay).toBe(czk(totalNet));
    expect(halere(run.totals.consumersPay)).toBe(
      halere(run.totals.producersReceive) + halere(run.totals.communityMargin),
    );
  });
});
