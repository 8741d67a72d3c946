import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatKwhEdc, parseKwhText } from '@sdilna/shared/domain-core';
import { COMMUNITY_PARTY_ID, type SettlementDocument } from '@sdilna/shared/domain-settlement';
import { pohodaMismatches } from '@sdilna/shared/util-documents/testing';

import { createTestApp } from '../support/create-test-app';
import { pdfText, validateIsdoc } from '../support/document-checks';
import { freshFixture } from '../support/edc-files';
import { withOwner } from '../support/owner-database';
import { bearer, signUp, type TestCommunity } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { registerGroup, settledImport, upload } from '../support/readings-community';
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
} from '../support/settlement-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('settlement-rebilling');

interface DocumentBody {
  id: string;
  runId: string;
  kind: string;
  number: string;
  sellerId: string;
  buyerId: string;
  issueDate: string;
  net: string;
  vat: string;
  gross: string;
  correctsDocumentId?: string;
  lines: Array<{
    description: string;
    energyKwh: number;
    unitPricePerKwh: string;
    net: string;
    gross: string;
  }>;
}

interface RevisedRun extends RunBody {
  kind: string;
  correctsRunId?: string;
  revised?: Revision;
  difference?: Revision;
}

interface Revision {
  settledRunId: string;
  memberCount: number;
  deltaKwh: number;
  deltaAmount: string;
  members: Array<{ memberId: string; name: string; deltaKwh: number; deltaAmount: string }>;
}

const IBAN = 'CZ6508000000192000145399';

function halere(text: string): number {
  return Math.round(Number(text) * 100);
}

/**
 * The April export as EDC revises it: in `count` intervals of each chosen consumer its shared energy moves by
 * `step` (0.01 kWh, − less, + more), and the producer's by the opposite, so every interval stays balanced as EDC's
 * own files are. Returns the revised file and the change per consumer EAN (0.01 kWh).
 */
function revise(
  csv: string,
  producer: string,
  changes: ReadonlyArray<{ consumer: string; step: -1 | 1; count: number }>,
): { csv: string; delta: Map<string, number> } {
  const rows = csv.split('\n');
  const header = (rows[0] as string).split(';');
  const column = (prefix: 'IN' | 'OUT', ean: string): number =>
    header.findIndex((name) => name.startsWith(`${prefix}-${ean}-`));
  const producerOut = column('OUT', producer);
  const producerIn = column('IN', producer);
  const delta = new Map<string, number>();
  for (const change of changes) {
    const inAt = column('IN', change.consumer);
    const outAt = column('OUT', change.consumer);
    let done = 0;
    for (let r = 1; r < rows.length && done < change.count; r++) {
      const cells = (rows[r] as string).split(';');
      if (cells.length < header.length) continue;
      // consumption: IN ≤ 0 and OUT = IN + shared; production: OUT = IN − shared (all 0.01 kWh)
      const consumed = -parseKwhText(cells[inAt] as string);
      const shared = parseKwhText(cells[outAt] as string) + consumed;
      const produced = parseKwhText(cells[producerIn] as string);
      const left = parseKwhText(cells[producerOut] as string);
      const fits = change.step < 0 ? shared >= 2 : shared + 1 <= consumed && left >= 1 && produced > 0;
      if (!fits) continue;
      cells[outAt] = formatKwhEdc(parseKwhText(cells[outAt] as string) + change.step);
      cells[producerOut] = formatKwhEdc(left - change.step);
      rows[r] = cells.join(';');
      done++;
    }
    expect(done, `intervals to revise for ${change.consumer}`).toBe(change.count);
    delta.set(change.consumer, change.step * change.count);
  }
  return { csv: rows.join('\n'), delta };
}

describe('re-billing a final month after revised EDC data (issue 17)', () => {
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

  async function documentsOf(community: TestCommunity, runId: string): Promise<DocumentBody[]> {
    const response = await http()
      .get(`/api/communities/${community.communityId}/documents`)
      .query({ runId })
      .set(bearer(community.adminToken));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as DocumentBody[];
  }

  async function runOf(community: TestCommunity, runId: string): Promise<RevisedRun> {
    const response = await http().get(runPath(community, runId)).set(bearer(community.adminToken));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as RevisedRun;
  }

  async function computedRun(community: TestCommunity, runId: string): Promise<RevisedRun> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const run = await runOf(community, runId);
      if (run.computeStatus === 'done' || run.computeStatus === 'failed') return run;
      if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.computeStatus}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('reports the revised members of a final April, bills only them with corrective documents, and nothing twice', async () => {
    const fixture = await freshFixture();
    const group = await registerGroup(app, fixture.points, fixture.key);
    const community = group.community;
    await bankAccount(community);
    const accepted = await upload(app, community, fixture.csv, 'group-a-2026-04.csv');
    expect((await settledImport(app, community, accepted.id)).status).toBe('done');
    await postPriceList(app, community, { pricePerKwh: '3.00' });
    const draft = await settleDraft(app, community, '2026-04');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
    const original = (await approveAndFinalize(app, community, draft.id)) as RevisedRun;
    expect(original).toMatchObject({ kind: 'original', status: 'final' });
    expect(original.revised).toBeUndefined();
    const originalDocuments = await documentsOf(community, draft.id);
    expect(originalDocuments.length).toBeGreaterThan(5);

    // Nothing changed yet: a correction would bill nothing.
    const early = await http()
      .post(runPath(community))
      .set(bearer(community.adminToken))
      .send({ period: '2026-04' });
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(early.body).toMatchObject({ error: { code: 'NOTHING_TO_CORRECT' } });

    // EDC revises April: three consumers' shared energy differs (two less, one more).
    const producer = fixture.points.find((point) => point.role === 'production')?.ean as string;
    const billed = original.members
      .filter((member) => member.receivedKwh >= 1)
      .map((member) => member.memberId);
    const consumers = fixture.points
      .filter(
        (point) =>
          point.role === 'consumption' && billed.includes(group.points.get(point.ean)?.memberId ?? ''),
      )
      .map((point) => point.ean);
    expect(consumers.length).toBeGreaterThanOrEqual(3);
    const [less, fewer, more] = consumers as [string, string, string];
    const revised = revise(fixture.csv, producer, [
      { consumer: less, step: -1, count: 7 },
      { consumer: fewer, step: -1, count: 2 },
      { consumer: more, step: 1, count: 3 },
    ]);
    const reimport = await upload(app, community, revised.csv, 'group-a-2026-04-opraveno.csv');
    expect(reimport.duplicate).toBe(false);
    expect((await settledImport(app, community, reimport.id)).status).toBe('done');

    // The final run reports what changed: the three consumers and the producer, −0.06 kWh and −0.18 Kč.
    const memberOf = (ean: string) => group.points.get(ean)?.memberId as string;
    const affected = new Map<string, number>([
      [memberOf(less), -7],
      [memberOf(fewer), -2],
      [memberOf(more), 3],
      [memberOf(producer), -6],
    ]);
    const report = await runOf(community, draft.id);
    expect(report.status).toBe('final');
    expect(report.revised).toMatchObject({
      settledRunId: draft.id,
      memberCount: 4,
      deltaKwh: -0.06,
      deltaAmount: '-0.18',
    });
    expect(new Map(report.revised?.members.map((m) => [m.memberId, Math.round(m.deltaKwh * 100)]))).toEqual(
      affected,
    );

    // The correction run: a draft of kind correction, approved and finalised like any run.
    const requested = await http()
      .post(runPath(community))
      .set(bearer(community.adminToken))
      .send({ period: '2026-04', reason: 'Opravená data EDC za duben' });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    expect(requested.body).toMatchObject({ kind: 'correction', correctsRunId: draft.id, status: 'draft' });
    const correctionId = (requested.body as { id: string }).id;
    const computed = await computedRun(community, correctionId);
    expect(computed.computeStatus, JSON.stringify(computed.error)).toBe('done');
    // the draft shows what it will bill: the same members and differences the final run reported
    expect(computed.difference).toEqual(report.revised);
    const final = await approveAndFinalize(app, community, correctionId);
    expect(final).toMatchObject({ status: 'final', documentCount: 4 });

    // Corrective documents exist only for the affected members, one per affected original document.
    const corrections = await documentsOf(community, correctionId);
    expect(corrections).toHaveLength(4);
    const originalById = new Map(originalDocuments.map((document) => [document.id, document]));
    for (const correction of corrections) {
      expect(correction.kind).toBe('corrective');
      const corrected = originalById.get(correction.correctsDocumentId ?? '');
      expect(corrected, `${correction.number} corrects a document of the original run`).toBeDefined();
      const member = corrected?.buyerId === 'community' ? corrected.sellerId : (corrected?.buyerId as string);
      const deltaEnergy = affected.get(member);
      expect(deltaEnergy, `${correction.number} is for an affected member`).toBeDefined();
      // (new − old shared kWh) × 3.00 Kč per line, to the haléř; the community is no VAT payer
      expect(correction.lines).toHaveLength(1);
      expect(correction.lines[0]).toMatchObject({
        energyKwh: (deltaEnergy as number) / 100,
        unitPricePerKwh: '3.00',
      });
      expect(halere(correction.lines[0]?.net as string)).toBe((deltaEnergy as number) * 3);
      expect(halere(correction.gross)).toBe((deltaEnergy as number) * 3);
      expect(correction.number).toMatch(/^OD-\d{4}-\d{6}$/);

      const isdoc = await http()
        .get(`/api/communities/${community.communityId}/documents/${correction.id}/isdoc`)
        .set(bearer(community.adminToken));
      expect(isdoc.status).toBe(200);
      const xml = isdoc.text;
      expect(await validateIsdoc(xml)).toEqual({ valid: true, errors: [] });
      expect(xml).toContain(`<DocumentType>${halere(correction.gross) > 0 ? 3 : 2}</DocumentType>`);
      expect(xml).toContain('<OriginalDocumentReference id="original">');
      expect(xml).toContain(`<ID>${corrected?.number}</ID>`);

      const pdf = await http()
        .get(`/api/communities/${community.communityId}/documents/${correction.id}/pdf`)
        .set(bearer(community.adminToken))
        .buffer(true)
        .parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        });
      expect(pdf.status).toBe(200);
      const text = pdfText(pdf.body as Buffer);
      expect(text).toContain(corrected?.number);
      expect(text).toContain('Opravená data EDC za duben');
    }
    expect(new Set(corrections.map((c) => c.correctsDocumentId)).size).toBe(4);
    // members who got more and members who got less: the run issues credit notes and debit notes
    expect(new Set(corrections.map((c) => (halere(c.gross) > 0 ? 'debit' : 'credit')))).toEqual(
      new Set(['credit', 'debit']),
    );

    // Issue 20: the correction run's Pohoda data pack is its corrective documents, element by element.
    const pohoda = await http()
      .get(`${runPath(community, correctionId)}/accounting-export`)
      .query({ format: 'pohoda' })
      .set(bearer(community.adminToken))
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(pohoda.status).toBe(200);
    const stored: Array<{ body: SettlementDocument }> = await withOwner((client) =>
      client.query(`SELECT body FROM documents WHERE community_id = $1 AND run_id = $2`, [
        community.communityId,
        correctionId,
      ]),
    );
    const [{ ico } = { ico: null }]: Array<{ ico: string | null }> = await withOwner((client) =>
      client.query(`SELECT ico FROM communities WHERE community_id = $1`, [community.communityId]),
    );
    expect(
      pohodaMismatches(
        (pohoda.body as Buffer).toString('utf8'),
        stored.map((row) => row.body),
        { ico: ico ?? '', isOwn: (id) => id === COMMUNITY_PARTY_ID },
      ),
    ).toEqual([]);

    // The month is settled as revised: no revision left, and a second correction issues nothing.
    expect((await runOf(community, draft.id)).revised).toBeUndefined();
    const again = await http()
      .post(runPath(community))
      .set(bearer(community.adminToken))
      .send({ period: '2026-04' });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'NOTHING_TO_CORRECT' } });
    expect((await http().get(runPath(community)).set(bearer(community.adminToken))).body).toHaveLength(2);
  });

  it('states the re-billing contract in the OpenAPI document', async () => {
    const response = await http().get('/api/docs/openapi.json').expect(200);
    const document = response.body as {
      paths: Record<
        string,
        Record<string, { description?: string; responses: Record<string, { description?: string }> }>
      >;
      components: {
        schemas: Record<string, { properties?: Record<string, { enum?: string[] }>; required?: string[] }>;
      };
    };
    const settle = document.paths['/api/communities/{communityId}/settlements']?.['post'];
    expect(settle?.description).toContain('correction');
    expect(settle?.responses['409']?.description).toContain('NOTHING_TO_CORRECT');
    expect(settle?.responses['409']?.description).toContain('SETTLEMENT_APPROVED');
    const run = document.components.schemas['SettlementRunView'];
    expect(run?.properties?.['kind']?.enum).toEqual(['original', 'correction']);
    expect(run?.required).toContain('kind');
    expect(Object.keys(run?.properties ?? {})).toEqual(expect.arrayContaining(['correctsRunId', 'revised']));
    expect(Object.keys(document.components.schemas['SettlementRevisionView']?.properties ?? {})).toEqual(
      expect.arrayContaining(['memberCount', 'deltaKwh', 'deltaAmount', 'members']),
    );
    expect(document.components.schemas['DocumentView']?.properties).toHaveProperty('correctsDocumentId');
    expect(document.components.schemas['RequestSettlementDto']?.properties).toHaveProperty('reason');
  });

  /** One producer and two consumers; in one June interval the producer makes 100 kWh, each consumer uses 60. */
  async function juneCommunity() {
    const community = await signUp(app);
    await bankAccount(community);
    const producer = await memberWithPoint(app, community, 'production', { name: 'FVE' }, '2.00');
    const first = await memberWithPoint(app, community, 'consumption', { name: 'Jana' }, '4.00');
    const second = await memberWithPoint(app, community, 'consumption', { name: 'Petr' }, '4.00');
    const key = keyOf([
      { producer, consumer: first, percent: 50 },
      { producer, consumer: second, percent: 50 },
    ]);
    const june = (firstUses: number) =>
      exportWith([producer, first, second], key, '2026-06-01', '2026-06-30', (point, date, interval) =>
        date !== '2026-06-10' || interval !== 48
          ? 0
          : point.role === 'production'
            ? 10_000
            : point.ean === first.ean
              ? firstUses
              : 6_000,
      );
    await importMonth(app, community, key, await june(6_000));
    await postPriceList(app, community, { pricePerKwh: '3.00' });
    return { community, producer, first, second, june };
  }

  it('refuses to reset an approved month to draft, and recomputes a draft', async () => {
    const { community } = await juneCommunity();
    const draft = await settleDraft(app, community, '2026-06');
    const again = await settleDraft(app, community, '2026-06');
    expect(again.id).toBe(draft.id);
    const approved = await http()
      .post(`${runPath(community, draft.id)}/approve`)
      .set(bearer(community.adminToken));
    expect(approved.status).toBe(200);

    const refused = await http()
      .post(runPath(community))
      .set(bearer(community.adminToken))
      .send({ period: '2026-06' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'SETTLEMENT_APPROVED' } });
    expect((refused.body as { error: { message: string } }).error.message).toContain(draft.id);
    expect((await runOf(community, draft.id)).status).toBe('approved');
  });

  it('issues each document number once when one run is approved and finalised by parallel requests', async () => {
    const { community } = await juneCommunity();
    const draft = await settleDraft(app, community, '2026-06');
    const step = (name: 'approve' | 'finalize') =>
      http()
        .post(`${runPath(community, draft.id)}/${name}`)
        .set(bearer(community.adminToken));
    const approvals = await Promise.all(Array.from({ length: 4 }, () => step('approve')));
    expect(approvals.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const finals = await Promise.all(Array.from({ length: 6 }, () => step('finalize')));
    const statuses = finals.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    expect(
      finals
        .filter((r) => r.status === 409)
        .every((r) => (r.body as { error: { code: string } }).error.code === 'SETTLEMENT_FINAL'),
    ).toBe(true);

    const documents = await documentsOf(community, draft.id);
    const issued = (finals.find((r) => r.status === 200)?.body as { documentCount: number }).documentCount;
    expect(documents).toHaveLength(issued);
    expect(new Set(documents.map((d) => d.number)).size).toBe(documents.length);
    // every series starts at 1 and has no gap
    const bySeries = new Map<string, number[]>();
    for (const document of documents) {
      const [series, , sequence] = document.number.split('-') as [string, string, string];
      bySeries.set(series, [...(bySeries.get(series) ?? []), Number(sequence)]);
    }
    for (const sequences of bySeries.values())
      expect(sequences.sort((a, b) => a - b)).toEqual(sequences.map((_, index) => index + 1));
  });

  it('bills a revision of a cancelled document on a new document, and cancels no re-billed document', async () => {
    const { community, producer, first, second, june } = await juneCommunity();
    const draft = await settleDraft(app, community, '2026-06');
    await approveAndFinalize(app, community, draft.id);
    const issued = await documentsOf(community, draft.id);
    const invoiceOf = (memberId: string) => issued.find((d) => d.buyerId === memberId) as DocumentBody;
    const storno = await http()
      .post(`/api/communities/${community.communityId}/documents/${invoiceOf(first.memberId).id}/corrections`)
      .set(bearer(community.adminToken))
      .send({ reason: 'Chybně vystaveno' });
    expect(storno.status, JSON.stringify(storno.body)).toBe(201);

    // EDC revises June: Jana used 40 kWh (10 less shared); Petr's next round gets 5 of them; the producer 5 less.
    const revised = await upload(app, community, await june(4_000), 'cerven-opraveno.csv');
    expect((await settledImport(app, community, revised.id)).status).toBe('done');
    const report = await runOf(community, draft.id);
    expect(report.revised).toMatchObject({ memberCount: 3, deltaKwh: -5, deltaAmount: '-15.00' });

    // Parallel requests create one correction run: the others get it back, or hear that it is being computed.
    const parallel = await Promise.all(
      Array.from({ length: 4 }, () =>
        http().post(runPath(community)).set(bearer(community.adminToken)).send({ period: '2026-06' }),
      ),
    );
    const accepted = parallel.filter((response) => response.status === 202);
    expect(accepted.length).toBeGreaterThan(0);
    for (const response of parallel.filter((r) => r.status !== 202))
      expect(response.body).toMatchObject({ error: { code: 'SETTLEMENT_IN_PROGRESS' } });
    const fixId = (accepted[0]?.body as { id: string }).id;
    expect(new Set(accepted.map((response) => (response.body as { id: string }).id))).toEqual(
      new Set([fixId]),
    );
    const runs = (await http().get(runPath(community)).set(bearer(community.adminToken)))
      .body as RevisedRun[];
    expect(runs.map((run) => run.kind).sort()).toEqual(['correction', 'original']);
    expect((await computedRun(community, fixId)).computeStatus).toBe('done');
    await approveAndFinalize(app, community, fixId);
    const documents = await documentsOf(community, fixId);
    // Petr's invoice and the producer's self-billing are corrected (±5 kWh × 3.00 Kč); Jana's invoice was
    // cancelled, so her 40 kWh are billed on a new invoice instead of correcting a cancelled document.
    expect(documents).toHaveLength(3);
    const petr = documents.find((d) => d.buyerId === second.memberId);
    expect(petr).toMatchObject({
      kind: 'corrective',
      correctsDocumentId: invoiceOf(second.memberId).id,
      gross: '15.00',
    });
    const fve = documents.find((d) => d.sellerId === producer.memberId);
    expect(fve).toMatchObject({
      kind: 'corrective',
      correctsDocumentId: issued.find((d) => d.sellerId === producer.memberId)?.id,
      gross: '-15.00',
    });
    const jana = documents.find((d) => d.buyerId === first.memberId);
    expect(jana).toMatchObject({ kind: 'invoice', gross: '120.00' });
    expect(jana?.correctsDocumentId).toBeUndefined();

    // Cancelling Petr's re-billed invoice alone would leave the difference owed: refused, nothing issued.
    const cancel = await http()
      .post(
        `/api/communities/${community.communityId}/documents/${invoiceOf(second.memberId).id}/corrections`,
      )
      .set(bearer(community.adminToken))
      .send({ reason: 'Chybně vystaveno' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(409);
    expect(cancel.body).toMatchObject({ error: { code: 'DOCUMENT_NOT_CORRECTABLE' } });
    expect((cancel.body as { error: { message: string } }).error.message).toContain(petr?.number);
  });
});
