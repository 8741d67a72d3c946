import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  IssuedDocumentResponse,
  RechargeAmounts,
  RechargeSummaryResponse,
} from '@sdilna/shared/util-api-contract';

import { createTestApp } from '../support/create-test-app';
import { bearer, signUp, type TestCommunity } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { memberLogin, settledImport, upload } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';
import {
  approveAndFinalize,
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  pointFor,
  postPriceList,
  settleDraft,
  type SettlementPoint,
} from '../support/settlement-community';

useScratchStorage('municipality-recharges');

interface DocumentBody extends IssuedDocumentResponse {
  correctsDocumentId?: string;
  sellerId: string;
  buyerId: string;
  lines: Array<{ energyKwh: number; net: string; vat: string; gross: string }>;
}

/** "1234.56" → 123456 */
function halere(text: string): number {
  return Math.round(Number(text) * 100);
}

function hundredths(kwh: number): number {
  return Math.round(kwh * 100);
}

/** Energy and money as integers, to compare sums exactly. */
function integers(amounts: RechargeAmounts): [number, number, number, number] {
  return [hundredths(amounts.energyKwh), halere(amounts.net), halere(amounts.vat), halere(amounts.gross)];
}

function sum(values: ReadonlyArray<[number, number, number, number]>): [number, number, number, number] {
  return values.reduce<[number, number, number, number]>(
    (total, v) => [total[0] + v[0], total[1] + v[1], total[2] + v[2], total[3] + v[3]],
    [0, 0, 0, 0],
  );
}

/**
 * Issue 18 item 7 through HTTP: a municipality's internal recharges per unit and month, summed from the issued
 * documents, with CSV and XLSX exports, and who may see them.
 */
describe("the municipality's recharges per unit and month", () => {
  let app: INestApplication;
  let worker: TestingModule;
  let community: TestCommunity;
  let town: SettlementPoint;
  let school: SettlementPoint;
  let hall: SettlementPoint;
  let plant: SettlementPoint;
  let household: SettlementPoint;
  let otherTown: SettlementPoint;
  let accountant: string;
  let documents: DocumentBody[];

  const http = () => request(app.getHttpServer());
  const path = (memberId: string, suffix = '') =>
    `/api/communities/${community.communityId}/municipalities/${memberId}/recharges${suffix}`;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
    community = await signUp(app);
    // A VAT-paying town with a roof plant and a town hall; two consuming units; a producing unit (the water works).
    town = await memberWithPoint(app, community, 'production', {
      name: 'Obec Lomnice nad Lužnicí',
      kind: 'municipality',
      vatPayer: true,
    });
    const townHall = await pointFor(app, community, town.memberId, 'consumption');
    const unit = { kind: 'municipal-unit', parentMemberId: town.memberId };
    school = await memberWithPoint(app, community, 'consumption', { name: 'ZŠ Lomnice', ...unit });
    hall = await memberWithPoint(app, community, 'consumption', { name: 'Sportovní hala', ...unit });
    plant = await memberWithPoint(app, community, 'production', { name: 'ČOV Lomnice', ...unit });
    household = await memberWithPoint(app, community, 'consumption', { name: 'Domácnost' });
    otherTown = await memberWithPoint(app, community, 'consumption', {
      name: 'Obec Sousedov',
      kind: 'municipality',
    });
    const key = keyOf([
      { producer: town, consumer: school, percent: 37.44 },
      { producer: town, consumer: hall, percent: 42.56 },
      { producer: town, consumer: household, percent: 20 },
      { producer: plant, consumer: townHall, percent: 100 },
    ]);
    const points = [town, townHall, school, hall, plant, household, otherTown];
    // Odd figures on purpose (VAT rounded per line): a few noon intervals of June and July.
    const csv = await exportWith(points, key, '2026-06-01', '2026-07-31', (point, date, interval) => {
      if (interval < 44 || interval > 52 || Number(date.slice(8, 10)) % 3 !== 0) return 0;
      if (point.role === 'production') return 1_357 + interval * 7;
      return 401 + (Number(date.slice(8, 10)) % 7) * 13;
    });
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, { pricePerKwh: '3.17', sellerVatPayer: false, vatRatePercent: 21 });
    for (const month of ['2026-06', '2026-07']) {
      // the two-month export is EDC's daily (preliminary) calculation: settled anyway on purpose
      const draft = await settleDraft(app, community, month, { settleAnyway: true });
      expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
      await approveAndFinalize(app, community, draft.id);
    }
    accountant = await memberLogin(app, community, town.memberId, 'municipality-accountant');
    const all = await http()
      .get(`/api/communities/${community.communityId}/documents`)
      .set(bearer(community.adminToken));
    expect(all.status).toBe(200);
    documents = all.body as DocumentBody[];
  }, 300_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  async function summary(token: string, query = 'from=2026-06&to=2026-07'): Promise<RechargeSummaryResponse> {
    const response = await http()
      .get(`${path(town.memberId)}?${query}`)
      .set(bearer(token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as RechargeSummaryResponse;
  }

  it("sums each unit's month from its documents' lines, and the months and total from those, to the haléř", async () => {
    const body = await summary(accountant);
    expect(body.municipality).toEqual({ id: town.memberId, name: 'Obec Lomnice nad Lužnicí' });
    expect(body.months.map((month) => month.month)).toEqual(['2026-06', '2026-07']);
    const recharges = documents.filter((d) => d.kind === 'internal-recharge');
    // June and July: the school and the hall are recharged, the water works is paid: three documents a month.
    expect(recharges.length).toBe(6);
    const seen = new Set<string>();
    for (const month of body.months) {
      expect(month.rows.map((row) => `${row.unitName} ${row.direction}`)).toEqual([
        'ČOV Lomnice from-unit',
        'Sportovní hala to-unit',
        'ZŠ Lomnice to-unit',
      ]);
      for (const row of month.rows) {
        const rowDocuments = row.documents.map((ref) => {
          const document = documents.find((d) => d.id === ref.id) as DocumentBody;
          expect(document.periodFrom.slice(0, 7)).toBe(month.month);
          expect(row.direction === 'to-unit' ? document.buyerId : document.sellerId).toBe(row.unitId);
          // the document's figures in the summary are its own totals, and those are the sums of its lines
          expect([halere(ref.net), halere(ref.vat), halere(ref.gross)]).toEqual([
            halere(document.net),
            halere(document.vat),
            halere(document.gross),
          ]);
          const lines = sum(
            document.lines.map((line) => [
              hundredths(line.energyKwh),
              halere(line.net),
              halere(line.vat),
              halere(line.gross),
            ]),
          );
          expect(integers(ref)).toEqual(lines);
          seen.add(ref.id);
          return lines;
        });
        expect(integers(row)).toEqual(sum(rowDocuments));
      }
      expect(integers(month)).toEqual(sum(month.rows.map(integers)));
    }
    expect(integers(body.totals)).toEqual(sum(body.months.map(integers)));
    expect([...seen].sort()).toEqual(recharges.map((d) => d.id).sort());
    // The town pays VAT, so its recharges to the units carry it; the water works does not.
    const june = body.months[0]!;
    expect(halere(june.rows[2]!.vat)).toBeGreaterThan(0);
    expect(halere(june.rows[0]!.vat)).toBe(0);
    expect(body.totals.energyKwh).toBeGreaterThan(0);
  });

  it('lets a correction of a recharge show in its month and row, and the row then sums to nothing', async () => {
    const before = await summary(community.adminToken, 'from=2026-07&to=2026-07');
    const hallRow = before.months[0]!.rows.find((row) => row.unitId === hall.memberId)!;
    const original = hallRow.documents[0]!;
    const corrected = await http()
      .post(`/api/communities/${community.communityId}/documents/${original.id}/corrections`)
      .set(bearer(community.adminToken))
      .send({ reason: 'Chybně přiřazené odběrné místo' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    const after = await summary(accountant, 'from=2026-07&to=2026-07');
    const row = after.months[0]!.rows.find((r) => r.unitId === hall.memberId)!;
    expect(row.documents.map((d) => d.kind).sort()).toEqual(['corrective', 'internal-recharge']);
    expect(integers(row)).toEqual([0, 0, 0, 0]);
    expect(integers(after.totals)).toEqual(
      sum([integers(before.totals), integers(hallRow).map((v) => -v) as [number, number, number, number]]),
    );
    // without a range: the twelve months up to the newest month with recharges
    const opened = await summary(accountant, '');
    expect([opened.from, opened.to]).toEqual(['2025-08', '2026-07']);
    // a month outside the range has nothing
    expect((await summary(accountant, 'from=2026-08&to=2026-09')).months).toEqual([]);
  });

  it('exports the same rows as CSV (Czech accounting conventions) and XLSX, read back with exceljs', async () => {
    const body = await summary(accountant);
    const rows = body.months.flatMap((month) => month.rows.map((row) => ({ month: month.month, row })));

    const csv = await http()
      .get(`${path(town.memberId, '.csv')}?from=2026-06&to=2026-07`)
      .set(bearer(accountant));
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('prefakturace-2026-06-2026-07.csv');
    const records = parse(csv.text.replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
    expect(records[0]).toEqual([
      'Měsíc',
      'Od',
      'Do',
      'Organizační jednotka',
      'IČO',
      'Směr',
      'Doklady',
      'Množství kWh',
      'Základ Kč',
      'DPH Kč',
      'Celkem Kč',
    ]);
    const czech = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);
    expect(records.length).toBe(rows.length + 2);
    rows.forEach(({ month, row }, index) => {
      const record = records[index + 1]!;
      expect(record[0]).toBe(month === '2026-06' ? 'červen 2026' : 'červenec 2026');
      expect(record[3]).toBe(row.unitName);
      expect(record[6]).toBe(row.documents.map((d) => d.number).join(' '));
      expect(record.slice(7).map(czech)).toEqual(integers(row));
    });
    expect(records.at(-1)!.slice(7).map(czech)).toEqual(integers(body.totals));

    const xlsx = await http()
      .get(`${path(town.memberId, '.xlsx')}?from=2026-06&to=2026-07`)
      .set(bearer(accountant))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const sheet = workbook.getWorksheet('Přefakturace')!;
    const cells = (rowNumber: number) => (sheet.getRow(rowNumber).values as unknown[]).slice(1);
    expect(cells(1)).toEqual(records[0]);
    rows.forEach(({ month, row }, index) => {
      const values = cells(index + 2);
      expect(values[0]).toBe(month === '2026-06' ? 'červen 2026' : 'červenec 2026');
      expect((values[1] as Date).toISOString().slice(0, 10)).toBe(`${month}-01`);
      expect(values[3]).toBe(row.unitName);
      expect(values.slice(7).map((value) => Math.round((value as number) * 100))).toEqual(integers(row));
    });
    expect(
      cells(rows.length + 2)
        .slice(7)
        .map((value) => Math.round((value as number) * 100)),
    ).toEqual(integers(body.totals));
    const documentSheet = workbook.getWorksheet('Doklady')!;
    expect(documentSheet.rowCount - 1).toBe(rows.reduce((n, { row }) => n + row.documents.length, 0));
  });

  it('shows an administrator any municipality, an accountant only theirs, members and other tenants nothing', async () => {
    expect((await summary(community.adminToken)).months.length).toBe(2);
    const neighbour = await http()
      .get(`${path(otherTown.memberId)}?from=2026-06&to=2026-07`)
      .set(bearer(community.adminToken));
    expect(neighbour.status).toBe(200);
    expect((neighbour.body as RechargeSummaryResponse).months).toEqual([]);

    for (const suffix of ['', '.csv', '.xlsx']) {
      const other = await http().get(path(otherTown.memberId, suffix)).set(bearer(accountant));
      expect(other.status, `another municipality${suffix}`).toBe(404);
      expect(other.body.error.code).toBe('MUNICIPALITY_NOT_FOUND');
      const unitAsTown = await http().get(path(school.memberId, suffix)).set(bearer(community.adminToken));
      expect(unitAsTown.status, `a unit is no municipality${suffix}`).toBe(404);

      const member = await memberLogin(app, community, school.memberId);
      const refused = await http().get(path(town.memberId, suffix)).set(bearer(member));
      expect(refused.status, `member${suffix}`).toBe(403);
      expect(refused.body.error.code).toBe('ROLE_FORBIDDEN');

      const stranger = await signUp(app);
      const foreign = await http().get(path(town.memberId, suffix)).set(bearer(stranger.adminToken));
      expect(foreign.status, `other tenant${suffix}`).toBe(404);
      expect(foreign.body.error.code).toBe('COMMUNITY_NOT_FOUND');
    }
    const household_ = await memberLogin(app, community, household.memberId);
    expect((await http().get(path(town.memberId)).set(bearer(household_))).status).toBe(403);
  });

  it.each([
    ['from=2026-13', 'MONTH_INVALID', /"from" is "2026-13"; expected a month as YYYY-MM/],
    ['to=10%2F2026', 'MONTH_INVALID', /"to" is "10\/2026"/],
    ['from=2026-6&to=2026-07', 'MONTH_INVALID', /"from" is "2026-6"/],
    ['from=2026-07&to=2026-06', 'MONTH_RANGE_INVALID', /"from" \(2026-07\) is after "to" \(2026-06\)/],
    ['from=2001-01&to=2026-06', 'MONTH_RANGE_INVALID', /at most 120/],
  ])('refuses %s with 400 %s and says what it expected', async (query, code, message) => {
    for (const suffix of ['', '.csv', '.xlsx']) {
      const response = await http()
        .get(`${path(town.memberId, suffix)}?${query}`)
        .set(bearer(accountant));
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.message).toMatch(message);
    }
  });

  it('refuses an unknown query parameter and a second from', async () => {
    const unknown = await http()
      .get(`${path(town.memberId)}?month=2026-06`)
      .set(bearer(accountant));
    expect(unknown.status).toBe(400);
    const twice = await http()
      .get(`${path(town.memberId)}?from=2026-06&from=2026-07`)
      .set(bearer(accountant));
    expect(twice.status).toBe(400);
  });

  it('takes in the corrective documents of a re-billed month, each row still the sum of its documents', async () => {
    const revised = await signUp(app);
    const producer = await memberWithPoint(app, revised, 'production', {
      name: 'Obec',
      kind: 'municipality',
      vatPayer: true,
    });
    const unit = { kind: 'municipal-unit', parentMemberId: producer.memberId };
    const pupil = await memberWithPoint(app, revised, 'consumption', { name: 'Škola', ...unit });
    const gym = await memberWithPoint(app, revised, 'consumption', { name: 'Tělocvična', ...unit });
    const key = keyOf([
      { producer, consumer: pupil, percent: 50 },
      { producer, consumer: gym, percent: 50 },
    ]);
    const points = [producer, pupil, gym];
    const june = (schoolUse: number) =>
      exportWith(points, key, '2026-06-01', '2026-06-30', (point, date, i) => {
        if (date !== '2026-06-10' || i < 44 || i > 47) return 0;
        if (point.role === 'production') return 5_000;
        return point.ean === pupil.ean ? schoolUse : 1_111;
      });
    await importMonth(app, revised, key, await june(1_234));
    await postPriceList(app, revised, { pricePerKwh: '3.17', vatRatePercent: 21 });
    const draft = await settleDraft(app, revised, '2026-06');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
    await approveAndFinalize(app, revised, draft.id);

    // EDC revises June: the school used (and so shared) more.
    const again = await upload(app, revised, await june(1_789), 'cerven-opraveno.csv');
    expect((await settledImport(app, revised, again.id)).status).toBe('done');
    const requested = await http()
      .post(`/api/communities/${revised.communityId}/settlements`)
      .set(bearer(revised.adminToken))
      .send({ period: '2026-06', reason: 'Opravená data EDC' });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    const correctionId = (requested.body as { id: string }).id;
    for (let attempt = 0; ; attempt++) {
      const run = await http()
        .get(`/api/communities/${revised.communityId}/settlements/${correctionId}`)
        .set(bearer(revised.adminToken));
      if (run.body.computeStatus === 'done') break;
      expect(run.body.computeStatus, JSON.stringify(run.body)).not.toBe('failed');
      expect(attempt).toBeLessThan(600);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await approveAndFinalize(app, revised, correctionId);

    const all = (
      await http().get(`/api/communities/${revised.communityId}/documents`).set(bearer(revised.adminToken))
    ).body as DocumentBody[];
    const originals = all.filter((d) => d.kind === 'internal-recharge');
    const corrections = all.filter(
      (d) => d.kind === 'corrective' && originals.some((o) => o.id === d.correctsDocumentId),
    );
    expect(corrections.length).toBeGreaterThan(0);
    const response = await http()
      .get(`/api/communities/${revised.communityId}/municipalities/${producer.memberId}/recharges`)
      .query({ from: '2026-06', to: '2026-06' })
      .set(bearer(revised.adminToken));
    expect(response.status).toBe(200);
    const body = response.body as RechargeSummaryResponse;
    const listed = body.months.flatMap((m) => m.rows.flatMap((row) => row.documents.map((d) => d.id)));
    expect(listed.sort()).toEqual([...originals, ...corrections].map((d) => d.id).sort());
    const school = body.months[0]!.rows.find((row) => row.unitId === pupil.memberId)!;
    expect(school.documents.map((d) => d.kind).sort()).toEqual(['corrective', 'internal-recharge']);
    const money = (documents: DocumentBody[]) =>
      sum(documents.map((d) => [0, halere(d.net), halere(d.vat), halere(d.gross)]));
    const ofSchool = all.filter((d) => school.documents.some((ref) => ref.id === d.id));
    expect(integers(school).slice(1)).toEqual(money(ofSchool).slice(1));
    expect(integers(body.totals).slice(1)).toEqual(money([...originals, ...corrections]).slice(1));
    // the school's row now bills what it shared by the revised data
    expect(halere(school.net)).toBeGreaterThan(
      halere(ofSchool.find((d) => d.kind === 'internal-recharge')!.net),
    );
  });

  it("leaves out the town's own invoices to others and their corrections (producers invoice directly)", async () => {
    const direct = await signUp(app);
    const settings = await http()
      .put(`/api/communities/${direct.communityId}/settlement-settings`)
      .set(bearer(direct.adminToken))
      .send({ mode: 'direct', iban: 'CZ6508000000192000145399', dueDays: 14 });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const producer = await memberWithPoint(app, direct, 'production', { name: 'Obec', kind: 'municipality' });
    const pupil = await memberWithPoint(app, direct, 'consumption', {
      name: 'Škola',
      kind: 'municipal-unit',
      parentMemberId: producer.memberId,
    });
    const neighbour = await memberWithPoint(app, direct, 'consumption', { name: 'Soused' });
    const key = keyOf([
      { producer, consumer: pupil, percent: 50 },
      { producer, consumer: neighbour, percent: 50 },
    ]);
    const csv = await exportWith(
      [producer, pupil, neighbour],
      key,
      '2026-06-01',
      '2026-06-30',
      (point, date, i) =>
        date === '2026-06-10' && i === 48 ? (point.role === 'production' ? 1_000 : 400) : 0,
    );
    await importMonth(app, direct, key, csv);
    await postPriceList(app, direct, { pricePerKwh: '3.00' });
    const draft = await settleDraft(app, direct, '2026-06');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
    await approveAndFinalize(app, direct, draft.id);
    const issued = (
      await http().get(`/api/communities/${direct.communityId}/documents`).set(bearer(direct.adminToken))
    ).body as DocumentBody[];
    const invoice = issued.find(
      (d) => d.kind === 'invoice' && d.sellerId === producer.memberId,
    ) as DocumentBody;
    const recharge = issued.find((d) => d.kind === 'internal-recharge') as DocumentBody;
    expect(invoice?.buyerId).toBe(neighbour.memberId);
    const corrected = await http()
      .post(`/api/communities/${direct.communityId}/documents/${invoice.id}/corrections`)
      .set(bearer(direct.adminToken))
      .send({ reason: 'Chybná cena' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    const response = await http()
      .get(
        `/api/communities/${direct.communityId}/municipalities/${producer.memberId}/recharges?from=2026-06&to=2026-06`,
      )
      .set(bearer(direct.adminToken));
    expect(response.status).toBe(200);
    const body = response.body as RechargeSummaryResponse;
    expect(body.months[0]!.rows.map((row) => row.unitId)).toEqual([pupil.memberId]);
    expect(body.months[0]!.rows[0]!.documents.map((d) => d.id)).toEqual([recharge.id]);
    expect(body.totals.gross).toBe(recharge.gross);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const response = await http().get('/api/docs/openapi.json');
    expect(response.status).toBe(200);
    const paths = (response.body as { paths: Record<string, unknown> }).paths;
    for (const suffix of ['', '.csv', '.xlsx'])
      expect(Object.keys(paths)).toContain(
        `/api/communities/{communityId}/municipalities/{memberId}/recharges${suffix}`,
      );
    const schemas = (response.body as { components: { schemas: Record<string, unknown> } }).components
      .schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['RechargeSummaryView', 'RechargeUnitRowView']),
    );
  });
});
