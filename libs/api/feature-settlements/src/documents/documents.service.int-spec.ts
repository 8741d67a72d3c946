import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { DocumentStore } from '@sdilna/api/data-access-settlement';
import type { SettlementDocument } from '@sdilna/shared/domain-settlement';
import { anIssuedSettlement } from '@sdilna/shared/domain-settlement/testing';
import {
  expectRefusal,
  memberPrincipal,
  ownerRows,
  seedMember,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';
import { SettlementsModule } from '../settlements.module';
import { DocumentsService } from './documents.service';

describe('DocumentsService (service tier)', () => {
  let moduleRef: TestingModule;
  let documents: DocumentsService;
  let admin: SignedUp;
  let runId: string;
  let issued: SettlementDocument[];
  /** member ids standing for the fixture's producer ('p') and consumer ('c') */
  let parties: Record<string, string>;

  const frame = useServiceModule(SettlementsModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    documents = moduleRef.get(DocumentsService);
    parties = {
      p: await seedMember(admin.communityId, 'household', 'Jiří Řehoř – FVE'),
      c: await seedMember(admin.communityId, 'household', 'Základní škola'),
    };
    // The library's small issued June (its own specs check the figures), its parties as this community's members,
    // stored as the settlement job stores them into an approved run that is then made final.
    const party = (document: SettlementDocument['seller']) => ({
      ...document,
      id: parties[document.id] ?? document.id,
    });
    issued = anIssuedSettlement().map((document) => ({
      ...document,
      uuid: randomUUID(),
      seller: party(document.seller),
      buyer: party(document.buyer),
    }));
    runId = randomUUID();
    await ownerRows(
      `INSERT INTO settlement_runs (community_id, id, period, period_from, period_to, status, compute_status)
       VALUES ($1, $2, '2026-06', '2026-06-01', '2026-06-30', 'approved', 'done')`,
      [admin.communityId, runId],
    );
    await moduleRef
      .get(TenantDatabase)
      .run(admin.communityId, (tx) => tx.store(DocumentStore).insert(runId, issued));
    await ownerRows(`UPDATE settlement_runs SET status = 'final' WHERE community_id = $1 AND id = $2`, [
      admin.communityId,
      runId,
    ]);
  });

  it('shows an administrator every document and a member only those it sells or buys in', async () => {
    const all = await documents.list(admin.principal, admin.communityId, { runId });
    expect(all.map((view) => view.id).sort()).toEqual(issued.map((document) => document.uuid).sort());
    for (const view of all) expect(view).toMatchObject({ runId, currency: 'CZK' });
    const consumer = await memberPrincipal(moduleRef, admin.communityId, parties['c']!);
    const own = await documents.list(consumer, admin.communityId, {});
    expect(own.length).toBeGreaterThan(0);
    for (const view of own) expect([view.sellerId, view.buyerId]).toContain(parties['c']);
    const foreign = issued.find(
      (document) => document.seller.id !== parties['c'] && document.buyer.id !== parties['c'],
    );
    expect(foreign).toBeDefined();
    await expectRefusal(documents.get(consumer, admin.communityId, foreign!.uuid), 'DOCUMENT_NOT_FOUND');
    await expectRefusal(documents.isdoc(consumer, admin.communityId, foreign!.uuid), 'DOCUMENT_NOT_FOUND');
  });

  it('exports the accounting CSV of a final run to an administrator only (ROLE_FORBIDDEN for a member)', async () => {
    const csv = await documents.exportCsv(admin.principal, admin.communityId, runId);
    expect(csv.period).toBe('2026-06');
    for (const document of issued) expect(csv.csv).toContain(document.number);
    const producer = await memberPrincipal(moduleRef, admin.communityId, parties['p']!);
    await expectRefusal(documents.exportCsv(producer, admin.communityId, runId), 'ROLE_FORBIDDEN');
  });

  it('cancels a document once with a corrective one and never changes the original (DOCUMENT_NOT_CORRECTABLE)', async () => {
    const original = issued.find((document) => document.kind === 'invoice')!;
    const before = await documents.get(admin.principal, admin.communityId, original.uuid);
    const corrective = await documents.correct(
      admin.principal,
      admin.communityId,
      original.uuid,
      'wrong price',
    );
    expect(corrective).toMatchObject({
      kind: 'corrective',
      runId,
      correctsDocumentId: original.uuid,
      gross: `-${before.gross}`,
    });
    // the original document is unchanged; only its payment state reads the storno: nothing left to pay
    const { payment: paymentAfter, ...after } = await documents.get(
      admin.principal,
      admin.communityId,
      original.uuid,
    );
    const { payment: _paymentBefore, ...unchanged } = before;
    expect(after).toEqual(unchanged);
    expect(paymentAfter).toMatchObject({ amountDue: '0.00', outstanding: '0.00', status: 'paid' });
    await expectRefusal(
      documents.correct(admin.principal, admin.communityId, original.uuid, 'again'),
      'DOCUMENT_NOT_CORRECTABLE',
    );
    await expectRefusal(
      documents.correct(admin.principal, admin.communityId, corrective.id, 'of the storno'),
      'DOCUMENT_NOT_CORRECTABLE',
    );
    const [audit] = await ownerRows<{ after: { correctiveDocumentId: string; reason: string } }>(
      `SELECT after FROM audit_log WHERE community_id = $1 AND entity = 'document' AND action = 'cancel'`,
      [admin.communityId],
    );
    expect(audit?.after).toMatchObject({ correctiveDocumentId: corrective.id, reason: 'wrong price' });
  });
});
