import { randomUUID } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { reminderJobId } from '@sdilna/api/feature-payments';
import { JobProducer } from '@sdilna/api/util-jobs';
import { camt053SchemaErrors } from '@sdilna/shared/domain-payments/testing';
import type {
  BankEntryResponse,
  DocumentPaymentResponse,
  PaymentOverviewResponse,
  PayoutExportResponse,
  StatementUploadResponse,
} from '@sdilna/shared/util-api-contract';

import { camt053Statement, type Camt053Entry } from '../support/camt053';
import { createTestApp } from '../support/create-test-app';
import { bearer, createMember, signUp, uniqueEmail, type TestCommunity } from '../support/factories';
import { jobCompleted, startInProcessWorker } from '../support/in-process-worker';
import { MailCatcher } from '../support/mail-catcher';
import { withOwner } from '../support/owner-database';
import { memberLogin } from '../support/readings-community';
import {
  approveAndFinalize,
  exportWith,
  importMonth,
  keyOf,
  pointFor,
  postPriceList,
  settleDraft,
  type SettlementPoint,
} from '../support/settlement-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('payments');

const IBAN = 'CZ6508000000192000145399';
const PRODUCER_IBAN = 'CZ5508000000001234567899';

interface DocumentBody {
  id: string;
  kind: string;
  number: string;
  variableSymbol: string;
  buyerId: string;
  sellerId: string;
  gross: string;
  dueDate: string;
  payment: DocumentPaymentResponse;
}

function halere(text: string): number {
  return Math.round(Number(text) * 100);
}

function money(value: number): string {
  return (value / 100).toFixed(2);
}

/** The date `days` after `date`, at noon UTC: the instant a daily job acts for. */
function instantAfter(date: string, days: number): string {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString();
}

/**
 * Issue 21 end to end: a settled month's documents, a camt.053 of the community's account with a payment in full,
 * a partial one and one without a symbol; statuses and totals; the manual assignment; the same statement again and
 * an overlapping one; the reminder schedule mailing the one overdue member once; the payout order of the producer.
 */
describe('payments: bank statements, status, reminders and payouts', () => {
  let app: INestApplication;
  let worker: TestingModule;
  const mail = new MailCatcher();

  const attemptsBefore = process.env['MAIL_ATTEMPTS'];

  beforeAll(async () => {
    process.env['SMTP_URL'] = await mail.start();
    // a refused reminder fails at once instead of after five attempts over minutes
    process.env['MAIL_ATTEMPTS'] = '1';
    app = await createTestApp();
    worker = await startInProcessWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await mail.stop();
    if (attemptsBefore === undefined) delete process.env['MAIL_ATTEMPTS'];
    else process.env['MAIL_ATTEMPTS'] = attemptsBefore;
  });

  const http = () => request(app.getHttpServer());
  const path = (community: TestCommunity, rest: string) =>
    `/api/communities/${community.communityId}/${rest}`;

  async function consumer(
    community: TestCommunity,
    name: string,
  ): Promise<SettlementPoint & { email: string }> {
    const email = uniqueEmail('payer');
    const member = await createMember(app, community, { name, email });
    return { ...(await pointFor(app, community, member.id, 'consumption', '4.00')), email };
  }

  async function settledMonth() {
    const community = await signUp(app);
    const settings = await http()
      .put(path(community, 'settlement-settings'))
      .set(bearer(community.adminToken))
      .send({ mode: 'community-clearing', iban: IBAN, dueDays: 14 });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const producerMember = await createMember(app, community, { name: 'FVE Na Kopci' });
    const producer = await pointFor(app, community, producerMember.id, 'production', '2.00');
    const payers = [
      await consumer(community, 'Jana Platí'),
      await consumer(community, 'Petr Částečně'),
      await consumer(community, 'Eva Bez Symbolu'),
    ];
    const key = keyOf(payers.map((payer) => ({ producer, consumer: payer, percent: 30 })));
    const csv = await exportWith(
      [producer, ...payers],
      key,
      '2026-06-01',
      '2026-06-30',
      (point, date, interval) =>
        date === '2026-06-10' && interval === 48 ? (point.role === 'production' ? 30_000 : 10_000) : 0,
    );
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, { pricePerKwh: '3.00', sellerVatPayer: false });
    const draft = await settleDraft(app, community, '2026-06');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');
    await approveAndFinalize(app, community, draft.id);
    return { community, producer, payers };
  }

  async function documents(community: TestCommunity, token = community.adminToken): Promise<DocumentBody[]> {
    const response = await http().get(path(community, 'documents')).set(bearer(token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as DocumentBody[];
  }

  async function uploadStatement(community: TestCommunity, xml: string, name = 'statement.xml') {
    return http()
      .post(path(community, 'bank-statements'))
      .set(bearer(community.adminToken))
      .attach('file', Buffer.from(xml, 'utf8'), name);
  }

  async function paymentRows(community: TestCommunity): Promise<number> {
    return withOwner(async (owner) => {
      const rows = (await owner.query(
        `SELECT count(*)::int AS n FROM document_payments WHERE community_id = $1`,
        [community.communityId],
      )) as Array<{ n: number }>;
      return rows[0]?.n ?? 0;
    });
  }

  async function runReminders(requestedAt: string, id: string): Promise<{ sent: number }> {
    const jobId = `reminders-${id}-${process.pid}-${Date.now()}`;
    await worker.get(JobProducer).enqueue('payments.send-reminders', { requestedAt }, jobId);
    return (await jobCompleted(worker, 'settlements', jobId)) as { sent: number };
  }

  it('mails the documents, matches a statement, tracks status and totals, reminds the overdue member once and pays the producer out', async () => {
    const { community, producer, payers } = await settledMonth();
    const [full, partial, unknown] = payers as [
      SettlementPoint & { email: string },
      SettlementPoint & { email: string },
      SettlementPoint & { email: string },
    ];
    // finalising mailed every payer its invoice, PDF and ISDOC attached (the worker's deliveries queue)
    for (const payer of payers) {
      const delivered = await mail.lastTo(payer.email, 60_000);
      expect(delivered.text).toMatch(/Content-Type: application\/pdf/);
      expect(delivered.text).toMatch(/\.isdoc/);
    }
    const issued = await documents(community);
    const invoiceOf = (point: SettlementPoint) => {
      const found = issued.find(
        (document) => document.kind === 'invoice' && document.buyerId === point.memberId,
      );
      if (!found) throw new Error(`no invoice of ${point.memberId}`);
      return found;
    };
    const creditNote = issued.find((document) => document.sellerId === producer.memberId);
    expect(creditNote?.kind).toBe('self-billed-credit-note');
    // before any statement: everything unpaid, the producer's credit note owed by the community
    expect(invoiceOf(full).payment).toMatchObject({ status: 'unpaid', side: 'receivable', paid: '0.00' });
    expect(creditNote?.payment).toMatchObject({ status: 'unpaid', side: 'payable', exported: false });

    const gross = halere(invoiceOf(partial).gross);
    const half = Math.floor(gross / 2);
    const entries: Camt053Entry[] = [
      {
        amount: invoiceOf(full).gross,
        bookingDate: '2026-12-01',
        reference: 'E1',
        variableSymbol: invoiceOf(full).variableSymbol,
      },
      {
        amount: money(half),
        bookingDate: '2026-12-01',
        reference: 'E2',
        variableSymbol: invoiceOf(partial).variableSymbol,
      },
      {
        amount: invoiceOf(unknown).gross,
        bookingDate: '2026-12-02',
        reference: 'E3',
        debtorName: 'Eva',
        message: 'elektřina',
      },
    ];
    const statement = camt053Statement(IBAN, 'STMT-1', entries);
    // the generated statement follows the published layout: valid against the camt.053.001.02 schema
    expect(await camt053SchemaErrors(statement)).toEqual([]);
    const uploaded = await uploadStatement(community, statement);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const body = uploaded.body as StatementUploadResponse;
    expect(body.duplicate).toBe(false);
    expect(body.entries.map((entry) => entry.outcome)).toEqual(['paid', 'partially-paid', 'unmatched']);

    const afterUpload = await documents(community);
    const statusOf = (point: SettlementPoint) =>
      afterUpload.find((document) => document.kind === 'invoice' && document.buyerId === point.memberId)
        ?.payment;
    expect(statusOf(full)).toMatchObject({ status: 'paid', outstanding: '0.00' });
    expect(statusOf(full)?.payments).toEqual([
      expect.objectContaining({ source: 'bank', amount: invoiceOf(full).gross, paidOn: '2026-12-01' }),
    ]);
    expect(statusOf(partial)).toMatchObject({
      status: 'partially-paid',
      paid: money(half),
      outstanding: money(gross - half),
    });
    expect(statusOf(unknown)).toMatchObject({ status: 'unpaid' });

    const overview = (
      await http().get(path(community, 'payments')).set(bearer(community.adminToken)).expect(200)
    ).body as PaymentOverviewResponse;
    expect(overview.totals).toEqual({
      receivableOutstanding: money(gross - half + halere(invoiceOf(unknown).gross)),
      receivableOverdue: '0.00',
      payableOutstanding: creditNote?.gross,
      currency: 'CZK',
    });
    const filtered = (
      await http()
        .get(path(community, 'payments'))
        .query({ status: 'partially-paid' })
        .set(bearer(community.adminToken))
    ).body as PaymentOverviewResponse;
    expect(filtered.documents.map((row) => row.number)).toEqual([invoiceOf(partial).number]);

    // the member sees the status of its own document
    const memberToken = await memberLogin(app, community, partial.memberId);
    const own = await documents(community, memberToken);
    expect(own.map((document) => document.payment.status)).toEqual(['partially-paid']);

    // the unknown payment waits for the administrator, who assigns it (audited)
    const unmatched = (
      await http()
        .get(path(community, 'bank-entries'))
        .query({ unmatched: true })
        .set(bearer(community.adminToken))
    ).body as BankEntryResponse[];
    expect(unmatched).toHaveLength(1);
    expect(unmatched[0]).toMatchObject({ amount: invoiceOf(unknown).gross, counterpartyName: 'Eva' });
    const assigned = await http()
      .post(path(community, `bank-entries/${unmatched[0]?.id}/assignment`))
      .set(bearer(community.adminToken))
      .send({ documentId: invoiceOf(unknown).id });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    expect(assigned.body).toMatchObject({
      outcome: 'paid',
      matchedBy: 'manual',
      documentNumber: invoiceOf(unknown).number,
    });
    const audit = await withOwner(
      (owner) =>
        owner.query(`SELECT action, after FROM audit_log WHERE community_id = $1 AND entity = 'bank-entry'`, [
          community.communityId,
        ]) as Promise<Array<{ action: string; after: { documentNumber: string } }>>,
    );
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'update',
        after: expect.objectContaining({ documentNumber: invoiceOf(unknown).number }),
      }),
    ]);
    const again = await http()
      .post(path(community, `bank-entries/${unmatched[0]?.id}/assignment`))
      .set(bearer(community.adminToken))
      .send({ documentId: invoiceOf(full).id });
    expect(again.status).toBe(409);

    // the same statement again, and one that overlaps it: nothing is booked twice
    const booked = await paymentRows(community);
    const duplicate = await uploadStatement(community, statement);
    expect(duplicate.status).toBe(201);
    expect(duplicate.body).toMatchObject({ duplicate: true, entries: [] });
    const overlapping = camt053Statement(IBAN, 'STMT-2', [
      ...entries,
      { amount: '10.00', bookingDate: '2026-12-03', reference: 'E4', variableSymbol: '999999999' },
    ]);
    const overlap = await uploadStatement(community, overlapping, 'statement-2.xml');
    expect(overlap.status, JSON.stringify(overlap.body)).toBe(201);
    expect(overlap.body).toMatchObject({ duplicate: false, alreadyBooked: 3 });
    expect((overlap.body as StatementUploadResponse).entries.map((entry) => entry.outcome)).toEqual([
      'unmatched',
    ]);
    expect(await paymentRows(community)).toBe(booked);
    const unchanged = await documents(community);
    expect(unchanged.map((document) => document.payment)).toEqual(
      (await documents(community)).map((document) => document.payment),
    );
    expect(unchanged.find((d) => d.id === invoiceOf(partial).id)?.payment.paid).toBe(money(half));

    // a malformed statement: the element is named, nothing is stored
    const statements = await withOwner(
      async (owner) =>
        (
          (await owner.query(`SELECT count(*)::int AS n FROM bank_statements WHERE community_id = $1`, [
            community.communityId,
          ])) as Array<{ n: number }>
        )[0]?.n,
    );
    const broken = await uploadStatement(
      community,
      statement.replace(/<CdtDbtInd>CRDT<\/CdtDbtInd>(\s*<Sts>)/, '<CdtDbtInd>X</CdtDbtInd>$1'),
      'b.xml',
    );
    expect(broken.status).toBe(422);
    expect(broken.body).toMatchObject({
      error: {
        code: 'STATEMENT_MALFORMED',
        details: { where: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/CdtDbtInd' },
      },
    });
    const after = await withOwner(
      async (owner) =>
        (
          (await owner.query(`SELECT count(*)::int AS n FROM bank_statements WHERE community_id = $1`, [
            community.communityId,
          ])) as Array<{ n: number }>
        )[0]?.n,
    );
    expect(after).toBe(statements);

    // eight days after the due date: one reminder, to the member who paid only part, queued for the mail worker;
    // the member's mail server refuses it (every attempt): the next day's run queues the step again
    const dueDate = invoiceOf(partial).dueDate;
    mail.messages.length = 0;
    mail.refuseTo.add(partial.email);
    const toCommunity = () =>
      mail.messages.filter((message) => payers.some((payer) => message.to.includes(payer.email)));
    expect(await runReminders(instantAfter(dueDate, 8), 'first')).toEqual({ sent: 1 });
    const reminderJob = () =>
      worker
        .get(JobProducer)
        .queue('mail')
        .getJob(reminderJobId(community.communityId, invoiceOf(partial).id, 7));
    await expect.poll(async () => (await reminderJob())?.getState(), { timeout: 30_000 }).toBe('failed');
    expect(toCommunity()).toEqual([]);
    mail.refuseTo.delete(partial.email);
    expect(await runReminders(instantAfter(dueDate, 9), 'second')).toEqual({ sent: 1 });
    const reminded = await mail.lastTo(partial.email, 30_000);
    expect(reminded.text).toContain(invoiceOf(partial).variableSymbol);
    expect(toCommunity().map((message) => message.to)).toEqual([[partial.email]]);
    // once per step: the next day queues nothing
    expect(await runReminders(instantAfter(dueDate, 10), 'third')).toEqual({ sent: 0 });

    // the payout order: refused until the producer has an account, then it lists the producer once
    const noAccount = await http()
      .post(path(community, 'payouts'))
      .set(bearer(community.adminToken))
      .send({ format: 'pain001' });
    expect(noAccount.status).toBe(422);
    expect(noAccount.body).toMatchObject({ error: { code: 'PAYOUT_ACCOUNT_MISSING' } });
    await http()
      .put(path(community, `payouts/accounts/${producer.memberId}`))
      .set(bearer(community.adminToken))
      .send({ account: '1234567899/0800' })
      .expect(200, { memberId: producer.memberId, iban: PRODUCER_IBAN });
    const payout = await http()
      .post(path(community, 'payouts'))
      .set(bearer(community.adminToken))
      .send({ format: 'pain001' });
    expect(payout.status, JSON.stringify(payout.body)).toBe(201);
    const order = payout.body as PayoutExportResponse;
    expect(order.documents).toEqual([
      {
        documentId: creditNote?.id,
        number: creditNote?.number,
        partyName: 'FVE Na Kopci',
        amount: creditNote?.gross,
      },
    ]);
    const file = await http()
      .get(path(community, `payouts/${order.id}/file`))
      .set(bearer(community.adminToken));
    expect(file.status).toBe(200);
    expect(file.text).toContain(`<IBAN>${PRODUCER_IBAN}</IBAN>`);
    expect(file.text).toContain(`<EndToEndId>/VS${creditNote?.variableSymbol}</EndToEndId>`);
    expect(file.text).toContain(`<InstdAmt Ccy="CZK">${creditNote?.gross}</InstdAmt>`);
    const twice = await http()
      .post(path(community, 'payouts'))
      .set(bearer(community.adminToken))
      .send({ format: 'abo' });
    expect(twice.status).toBe(409);
    const abo = await http()
      .post(path(community, 'payouts'))
      .set(bearer(community.adminToken))
      .send({ format: 'abo', includeExported: true });
    expect(abo.status, JSON.stringify(abo.body)).toBe(201);
    const aboFile = await http()
      .get(path(community, `payouts/${(abo.body as PayoutExportResponse).id}/file`))
      .set(bearer(community.adminToken));
    expect(aboFile.text).toContain(
      `1234567899 ${halere(creditNote?.gross ?? '0')} ${creditNote?.variableSymbol} 08000000`,
    );
  });

  it('records a payment by hand (amount, day, note; audited), shows it in the status and takes it back', async () => {
    const { community, payers } = await settledMonth();
    const [jana, petr] = payers as unknown as [SettlementPoint, SettlementPoint];
    const invoice = (await documents(community)).find(
      (document) => document.kind === 'invoice' && document.buyerId === jana.memberId,
    ) as DocumentBody;
    const gross = halere(invoice.gross);
    const record = (body: object, token = community.adminToken, documentId = invoice.id) =>
      http()
        .post(path(community, `documents/${documentId}/payments`))
        .set(bearer(token))
        .send(body);

    // wrong input: a clear 4xx naming what is wrong, and nothing booked
    const before = await paymentRows(community);
    const refusals: Array<[object, number, RegExp]> = [
      [{ amount: '0', paidOn: '2026-12-01' }, 400, /amount must be CZK above zero/],
      [{ amount: '-5.00', paidOn: '2026-12-01' }, 400, /amount/],
      [{ amount: '12,50', paidOn: '2026-12-01' }, 400, /e\.g\. "1234\.50"/],
      [{ amount: '10.00', paidOn: '1. 12. 2026' }, 400, /paidOn/],
      [{ amount: '10.00', paidOn: '2099-01-01' }, 422, /paidOn 2099-01-01 is in the future/],
      [{ amount: '10.00', paidOn: '2026-12-01', note: 'x'.repeat(501) }, 400, /note must be at most 500/],
    ];
    for (const [body, status, message] of refusals) {
      const refused = await record(body);
      expect(refused.status, JSON.stringify(body)).toBe(status);
      expect(String(refused.body.error?.message), JSON.stringify(body)).toMatch(message);
    }
    const unknown = await record(
      { amount: '10.00', paidOn: '2026-12-01' },
      community.adminToken,
      randomUUID(),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('DOCUMENT_NOT_FOUND');
    // a member records nothing, not even on its own invoice
    const member = await memberLogin(app, community, jana.memberId);
    expect((await record({ amount: '10.00', paidOn: '2026-12-01' }, member)).status).toBe(403);
    expect(await paymentRows(community)).toBe(before);

    // part paid in cash, then the rest: the status follows and the payments are listed with their note
    const half = Math.floor(gross / 2);
    const first = await record({ amount: money(half), paidOn: '2026-12-01', note: '  hotově na schůzi ' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ status: 'partially-paid', paid: money(half) });
    expect((first.body as DocumentPaymentResponse).payments).toEqual([
      expect.objectContaining({
        source: 'manual',
        amount: money(half),
        paidOn: '2026-12-01',
        note: 'hotově na schůzi',
      }),
    ]);
    const rest = await record({ amount: money(gross - half), paidOn: '2026-12-03' });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    expect(rest.body).toMatchObject({ status: 'paid', outstanding: '0.00' });
    const own = await documents(community, member);
    expect(own[0]?.payment).toMatchObject({ status: 'paid', paid: invoice.gross });
    const overview = (
      await http()
        .get(path(community, 'payments'))
        .query({ status: 'paid' })
        .set(bearer(community.adminToken))
        .expect(200)
    ).body as PaymentOverviewResponse;
    expect(overview.documents.map((row) => row.number)).toEqual([invoice.number]);
    const audit = await withOwner(
      (owner) =>
        owner.query(
          `SELECT action, actor_user_id AS actor, after FROM audit_log
            WHERE community_id = $1 AND entity = 'document-payment' ORDER BY at, id`,
          [community.communityId],
        ) as Promise<Array<{ action: string; actor: string; after: Record<string, unknown> }>>,
    );
    expect(audit).toEqual([
      {
        action: 'create',
        actor: community.adminUserId,
        after: expect.objectContaining({
          documentNumber: invoice.number,
          amount: money(half),
          paidOn: '2026-12-01',
          note: 'hotově na schůzi',
        }),
      },
      expect.objectContaining({ action: 'create', after: expect.objectContaining({ status: 'paid' }) }),
    ]);

    // a mistake is taken back (audited); only payments recorded by hand can be
    const paymentId = (first.body as DocumentPaymentResponse).payments[0]?.id as string;
    const removed = await http()
      .delete(path(community, `documents/${invoice.id}/payments/${paymentId}`))
      .set(bearer(community.adminToken));
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body).toMatchObject({ status: 'partially-paid', paid: money(gross - half) });
    const again = await http()
      .delete(path(community, `documents/${invoice.id}/payments/${paymentId}`))
      .set(bearer(community.adminToken));
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('PAYMENT_NOT_FOUND');
    expect(
      (
        (await withOwner((owner) =>
          owner.query(
            `SELECT count(*)::int AS n FROM audit_log
              WHERE community_id = $1 AND entity = 'document-payment' AND action = 'delete'`,
            [community.communityId],
          ),
        )) as Array<{ n: number }>
      )[0]?.n,
    ).toBe(1);
    // Petr's invoice was never touched
    const untouched = (await documents(community)).find(
      (document) => document.kind === 'invoice' && document.buyerId === petr.memberId,
    );
    expect(untouched?.payment).toMatchObject({ status: 'unpaid', payments: [] });
  });
});
