import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { DocumentStore, PaymentStore } from '@sdilna/api/data-access-settlement';
import { COMMUNITY_PARTY_ID, type SettlementDocument } from '@sdilna/shared/domain-settlement';
import { anIssuedSettlement } from '@sdilna/shared/domain-settlement/testing';
import {
  expectRefusal,
  ownerRows,
  seedMember,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';

import { PaymentsOverviewService } from './overview/payments-overview.service';
import { PaymentsModule } from './payments.module';
import { PayoutsService } from './payouts/payouts.service';
import { StatementsService } from './statements/statements.service';

/** A GPC statement of the community's account 19-2000145399: one 074 header and a 075 item per entry. */
function gpc(items: ReadonlyArray<{ amount: number; code: '1' | '2'; vs: string; id: string }>): Buffer {
  const header =
    '074' +
    '0000192000145399' +
    'Komunita'.padEnd(20) +
    '300726' +
    '0'.repeat(14) +
    '+' +
    '0'.repeat(14) +
    '+' +
    '0'.repeat(14) +
    '0' +
    '0'.repeat(14) +
    '0' +
    '001' +
    '310726';
  const lines = items.map(
    (item) =>
      '075' +
      '0000192000145399' +
      '0'.repeat(16) +
      item.id.padStart(13, '0') +
      String(item.amount).padStart(12, '0') +
      item.code +
      item.vs.padStart(10, '0') +
      '0000000000' +
      '0000000000' +
      '310726' +
      'Platce'.padEnd(20) +
      '0' +
      '0203' +
      '310726',
  );
  return Buffer.from([header.padEnd(128), ...lines].join('\r\n'), 'latin1');
}

describe('payments (service tier): statements, overview and payouts', () => {
  let moduleRef: TestingModule;
  let admin: SignedUp;
  let statements: StatementsService;
  let overview: PaymentsOverviewService;
  let payouts: PayoutsService;
  let invoice: SettlementDocument;
  let payable: SettlementDocument;
  let producerId: string;

  const frame = useServiceModule(PaymentsModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    statements = moduleRef.get(StatementsService);
    overview = moduleRef.get(PaymentsOverviewService);
    payouts = moduleRef.get(PayoutsService);
    producerId = await seedMember(admin.communityId, 'household', 'Jiří Řehoř – FVE');
    const parties: Record<string, string> = {
      p: producerId,
      c: await seedMember(admin.communityId, 'household', 'Základní škola'),
    };
    const party = (document: SettlementDocument['seller']) => ({
      ...document,
      id: parties[document.id] ?? document.id,
    });
    const issued = anIssuedSettlement().map((document) => ({
      ...document,
      uuid: randomUUID(),
      seller: party(document.seller),
      buyer: party(document.buyer),
    }));
    invoice = issued.find((document) => document.seller.id === COMMUNITY_PARTY_ID) as SettlementDocument;
    payable = issued.find((document) => document.buyer.id === COMMUNITY_PARTY_ID) as SettlementDocument;
    const runId = randomUUID();
    await ownerRows(
      `INSERT INTO settlement_runs (community_id, id, period, period_from, period_to, status, compute_status)
       VALUES ($1, $2, '2026-06', '2026-06-01', '2026-06-30', 'approved', 'done')`,
      [admin.communityId, runId],
    );
    await moduleRef
      .get(TenantDatabase)
      .run(admin.communityId, (tx) => tx.store(DocumentStore).insert(runId, issued));
    await ownerRows(
      `INSERT INTO settlement_settings (community_id, mode, iban, czech_account, due_days)
       VALUES ($1, 'community-clearing', 'CZ6508000000192000145399', '19-2000145399/0800', 14)`,
      [admin.communityId],
    );
  });

  it('lists the unpaid invoice past its due date as overdue for its member (alerts and reminders read this)', async () => {
    const overdueOn = (today: string) =>
      moduleRef
        .get(TenantDatabase)
        .run(admin.communityId, (tx) => tx.store(PaymentStore).overdueReceivables(today));
    const due = (await overdueOn('2099-01-01')).map(({ record, state }) => [
      record.id,
      record.buyerId,
      state.status,
    ]);
    // the producer's payable is the community's debt, not a member's: never a member's overdue payment
    expect(due).toEqual([[invoice.uuid, invoice.buyer.id, 'overdue']]);
    expect(await overdueOn(invoice.issueDate)).toEqual([]);
  });

  it('books a GPC statement by variable symbol once, and stores nothing of a malformed one', async () => {
    const gross = invoice.totals.gross;
    const file = gpc([
      { amount: gross - 100, code: '2', vs: invoice.variableSymbol as string, id: '1' },
      { amount: 100, code: '2', vs: invoice.variableSymbol as string, id: '2' },
      { amount: 500, code: '2', vs: '987654', id: '3' },
    ]);
    const first = await statements.upload(admin.principal, admin.communityId, {
      originalname: 'vypis.gpc',
      buffer: file,
    });
    expect(first.entries.map((entry) => entry.outcome)).toEqual(['partially-paid', 'paid', 'unmatched']);
    expect(first.statement).toMatchObject({
      format: 'gpc',
      account: '19-2000145399',
      entryCount: 3,
      newEntryCount: 3,
    });
    const again = await statements.upload(admin.principal, admin.communityId, {
      originalname: 'x.gpc',
      buffer: file,
    });
    expect(again).toMatchObject({ duplicate: true, alreadyBooked: 3, entries: [] });
    const lines = file.toString('latin1').split('\r\n');
    const broken = Buffer.from(
      [lines[0], `${lines[1]?.slice(0, 48)}12345678901x${lines[1]?.slice(60)}`].join('\r\n'),
    );
    await expect(
      statements.upload(admin.principal, admin.communityId, { originalname: 'b.gpc', buffer: broken }),
    ).rejects.toMatchObject({ code: 'STATEMENT_MALFORMED', details: { where: 'line 2' } });
    await expectRefusal(
      statements.upload(admin.principal, admin.communityId, {
        originalname: 'c.csv',
        buffer: Buffer.from('a;b\n1;2'),
      }),
      'STATEMENT_UNSUPPORTED',
    );
    const stored = await ownerRows<{ n: number }>(
      `SELECT count(*)::int AS n FROM bank_statements WHERE community_id = $1`,
      [admin.communityId],
    );
    expect(stored[0]?.n).toBe(1);
  });

  it('refuses a statement of another account', async () => {
    const other = Buffer.from(
      gpc([{ amount: 1, code: '2', vs: '1', id: '9' }])
        .toString('latin1')
        .replaceAll('0000192000145399', '0000000123456789'),
    );
    await expectRefusal(
      statements.upload(admin.principal, admin.communityId, { originalname: 'o.gpc', buffer: other }),
      'STATEMENT_ACCOUNT_MISMATCH',
    );
  });

  it('lists the invoice paid and the producer owed, with totals, and takes a manual assignment back', async () => {
    const all = await overview.overview(admin.principal, admin.communityId, {});
    expect(all.totals).toMatchObject({ receivableOutstanding: '0.00', receivableOverdue: '0.00' });
    expect(all.totals.payableOutstanding).toBe((payable.totals.gross / 100).toFixed(2));
    const overdue = await overview.overview(admin.principal, admin.communityId, { status: 'overdue' });
    expect(overdue.documents.map((row) => row.documentId)).toEqual([payable.uuid]);
    const [unmatched] = await statements.entries(admin.principal, admin.communityId, { unmatched: true });
    expect(unmatched).toMatchObject({ amount: '5.00', variableSymbol: '987654' });
    const assigned = await statements.assign(admin.principal, admin.communityId, unmatched!.id, invoice.uuid);
    expect(assigned).toMatchObject({ outcome: 'overpaid', matchedBy: 'manual' });
    await expectRefusal(
      statements.assign(admin.principal, admin.communityId, unmatched!.id, invoice.uuid),
      'BANK_ENTRY_ALREADY_ASSIGNED',
    );
    const overpaid = await overview.overview(admin.principal, admin.communityId, { side: 'receivable' });
    expect(overpaid.documents[0]).toMatchObject({ status: 'paid', overpaid: '5.00' });
    const back = await statements.unassign(admin.principal, admin.communityId, unmatched!.id);
    expect(back.documentId).toBeUndefined();
    await expectRefusal(
      statements.assign(admin.principal, admin.communityId, randomUUID(), invoice.uuid),
      'BANK_ENTRY_NOT_FOUND',
    );
    await expectRefusal(
      statements.assign(admin.principal, admin.communityId, unmatched!.id, randomUUID()),
      'DOCUMENT_NOT_FOUND',
    );
    const audit = await ownerRows<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE community_id = $1 AND entity = 'bank-entry'`,
      [admin.communityId],
    );
    expect(audit[0]?.n).toBe(2);
  });

  it('keeps reminder steps between 1 and 365 days', async () => {
    expect(await overview.settings(admin.principal, admin.communityId)).toEqual({ reminderDays: [7, 21] });
    expect(await overview.saveSettings(admin.principal, admin.communityId, [30, 10, 10])).toEqual({
      reminderDays: [10, 30],
    });
    await expectRefusal(
      overview.saveSettings(admin.principal, admin.communityId, [0]),
      'PAYMENT_SETTINGS_INVALID',
    );
    expect(await overview.settings(admin.principal, admin.communityId)).toEqual({ reminderDays: [10, 30] });
  });

  it('exports the producer once into a payment order, and again only when asked', async () => {
    const [candidate] = await payouts.candidates(admin.principal, admin.communityId);
    // the fixture's documents carry the seller's account; an account stored for the producer wins
    expect(candidate).toMatchObject({
      documentId: payable.uuid,
      exported: false,
      iban: 'CZ6508000000192000145399',
    });
    await expectRefusal(
      payouts.saveAccount(admin.principal, admin.communityId, producerId, '124/0800'),
      'PAYOUT_ACCOUNT_INVALID',
    );
    await expectRefusal(
      payouts.saveAccount(admin.principal, admin.communityId, randomUUID(), 'CZ5508000000001234567899'),
      'MEMBER_NOT_FOUND',
    );
    await payouts.saveAccount(
      admin.principal,
      admin.communityId,
      producerId,
      'CZ55 0800 0000 0012 3456 7899',
    );
    const order = await payouts.create(admin.principal, admin.communityId, {
      format: 'abo',
      executionDate: '2026-08-03',
    });
    expect(order.documents).toEqual([
      expect.objectContaining({ documentId: payable.uuid, amount: (payable.totals.gross / 100).toFixed(2) }),
    ]);
    const file = await payouts.file(admin.principal, admin.communityId, order.id);
    expect(file.content).toContain(`1234567899 ${payable.totals.gross} ${payable.variableSymbol} 08000000`);
    expect(file.content).toContain(' 030826\r\n');
    await expectRefusal(
      payouts.create(admin.principal, admin.communityId, { format: 'pain001' }),
      'NOTHING_TO_PAY_OUT',
    );
    await expectRefusal(
      payouts.create(admin.principal, admin.communityId, { format: 'pain001', documentIds: [randomUUID()] }),
      'DOCUMENT_NOT_FOUND',
    );
    const again = await payouts.create(admin.principal, admin.communityId, {
      format: 'pain001',
      includeExported: true,
    });
    expect((await payouts.file(admin.principal, admin.communityId, again.id)).content).toContain(
      '<IBAN>CZ5508000000001234567899</IBAN>',
    );
    expect((await payouts.list(admin.principal, admin.communityId)).map((row) => row.format)).toEqual([
      'pain001',
      'abo',
    ]);
    expect((await payouts.candidates(admin.principal, admin.communityId))[0]?.exported).toBe(true);
    await expectRefusal(payouts.file(admin.principal, admin.communityId, randomUUID()), 'PAYOUT_NOT_FOUND');
  });
});
