import { randomBytes, randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { DocumentStore } from '@sdilna/api/data-access-settlement';
import { JobProducer } from '@sdilna/api/util-jobs';
import type { SettlementDocument } from '@sdilna/shared/domain-settlement';
import { anIssuedSettlement } from '@sdilna/shared/domain-settlement/testing';
import { DroppingSmtpServer, MailCatcher } from '@sdilna/test-support/mail-catcher';
import { startQueueWorker } from '@sdilna/test-support/mail-worker';
import {
  expectRefusal,
  memberPrincipal,
  ownerRows,
  seedMember,
  serviceModule,
  signUpAdmin,
  type SignedUp,
} from '@sdilna/test-support/service-module';
import { SettlementsModule } from '../settlements.module';
import { SettlementsWorkerModule } from '../settlements-worker.module';
import { DeliverDocumentHandler } from './deliver-document.handler';
import { DeliveriesService } from './deliveries.service';
import { deliveryJobId } from './delivery-jobs';
import type { DeliveryView } from './dtos/delivery.dto';

const ENV_KEYS = ['SMTP_URL', 'QUEUE_PREFIX', 'MAIL_ATTEMPTS', 'MAIL_BACKOFF_MS'] as const;

/**
 * The API's delivery service and the worker's delivery handler on one module, the `deliveries` queue served in
 * this process (a queue prefix of the frame's own: the tier's files run in parallel on one Redis), mail going to
 * `smtpUrl`. Each attempt is retried once after 20 ms (MAIL_ATTEMPTS=2).
 */
function deliveryFrame(smtpUrl: () => Promise<string>) {
  const frame = {} as {
    moduleRef: TestingModule;
    deliveries: DeliveriesService;
    workers: Worker[];
  };
  const before: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  beforeAll(async () => {
    for (const key of ENV_KEYS) before[key] = process.env[key];
    process.env['SMTP_URL'] = await smtpUrl();
    process.env['QUEUE_PREFIX'] = `deliveries-${randomBytes(6).toString('hex')}`;
    process.env['MAIL_ATTEMPTS'] = '2';
    process.env['MAIL_BACKOFF_MS'] = '20';
    frame.moduleRef = await serviceModule(SettlementsModule, SettlementsWorkerModule);
    frame.deliveries = frame.moduleRef.get(DeliveriesService);
    frame.workers = [await startDeliveryWorker(frame.moduleRef)];
  });
  afterAll(async () => {
    await Promise.all((frame.workers ?? []).map((worker) => worker.close()));
    await frame.moduleRef?.close();
    for (const key of ENV_KEYS) {
      if (before[key] === undefined) delete process.env[key];
      else process.env[key] = before[key];
    }
  });
  return frame;
}

function startDeliveryWorker(moduleRef: TestingModule): Promise<Worker> {
  return startQueueWorker(moduleRef, 'deliveries', moduleRef.get(DeliverDocumentHandler));
}

/**
 * A final run of the library's small June (an invoice to the consumer, a self-billed invoice of the producer),
 * its parties as members of the community with these e-mails (null: none), as the settlement job stores it.
 */
async function seedFinalRun(
  moduleRef: TestingModule,
  emails: { producer: string | null; consumer: string | null },
): Promise<{
  admin: SignedUp;
  runId: string;
  producer: string;
  consumer: string;
  documents: SettlementDocument[];
}> {
  // a community of its own: its documents are numbered from 1
  const admin = await signUpAdmin(moduleRef);
  const communityId = admin.communityId;
  const producer = await seedMember(communityId, 'household', 'Jiří Řehoř – FVE');
  const consumer = await seedMember(communityId, 'household', 'Základní škola');
  for (const [id, email] of [
    [producer, emails.producer],
    [consumer, emails.consumer],
  ] as const) {
    await ownerRows(`UPDATE members SET email = $3 WHERE community_id = $1 AND id = $2`, [
      communityId,
      id,
      email,
    ]);
  }
  const parties: Record<string, string> = { p: producer, c: consumer };
  const party = (document: SettlementDocument['seller']) => ({
    ...document,
    id: parties[document.id] ?? document.id,
  });
  const documents = anIssuedSettlement().map((document) => ({
    ...document,
    uuid: randomUUID(),
    seller: party(document.seller),
    buyer: party(document.buyer),
  }));
  const runId = randomUUID();
  await ownerRows(
    `INSERT INTO settlement_runs (community_id, id, period, period_from, period_to, status, compute_status)
     VALUES ($1, $2, '2026-06', '2026-06-01', '2026-06-30', 'approved', 'done')`,
    [communityId, runId],
  );
  await moduleRef
    .get(TenantDatabase)
    .run(communityId, (tx) => tx.store(DocumentStore).insert(runId, documents));
  await ownerRows(`UPDATE settlement_runs SET status = 'final' WHERE community_id = $1 AND id = $2`, [
    communityId,
    runId,
  ]);
  return { admin, runId, producer, consumer, documents };
}

/** The run's deliveries once none is `queued` any more. */
async function settled(
  frame: ReturnType<typeof deliveryFrame>,
  { admin, runId }: { admin: SignedUp; runId: string },
): Promise<DeliveryView[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const views = await frame.deliveries.listOfRun(admin.principal, admin.communityId, runId);
    if (views.length > 0 && views.every((view) => view.status !== 'queued')) return views;
    if (Date.now() > deadline) {
      const failed = await frame.moduleRef.get(JobProducer).queue('deliveries').getFailed();
      throw new Error(
        `deliveries still queued: ${JSON.stringify(views)}; failed jobs: ${failed.map((job) => job.failedReason).join('; ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('delivery of documents by e-mail through the queue (service tier)', () => {
  const mail = new MailCatcher();
  const frame = deliveryFrame(() => mail.start());
  afterAll(() => mail.stop());

  it('mails each document once to its member, PDF and ISDOC attached, in the language of the member’s login', async () => {
    const consumerEmail = `consumer-${randomUUID()}@test.sdilna.example`;
    const producerEmail = `producer-${randomUUID()}@test.sdilna.example`;
    const run = await seedFinalRun(frame.moduleRef, {
      producer: producerEmail,
      consumer: consumerEmail,
    });
    // The producer signs in to the portal in English; the consumer has no login (Czech).
    const producerLogin = await memberPrincipal(frame.moduleRef, run.admin.communityId, run.producer);
    await ownerRows(`UPDATE users SET language = 'en' WHERE id = $1`, [producerLogin.userId]);

    // Asked twice (a retried request) with a second worker running: still one mail per document.
    frame.workers.push(await startDeliveryWorker(frame.moduleRef));
    await Promise.all([
      frame.deliveries.resendRun(run.admin.principal, run.admin.communityId, run.runId),
      frame.deliveries.resendRun(run.admin.principal, run.admin.communityId, run.runId),
    ]).catch(async () =>
      // the two transactions may race on the same rows; the loser's request is simply asked again
      frame.deliveries.resendRun(run.admin.principal, run.admin.communityId, run.runId),
    );
    const views = await settled(frame, run);
    expect(views.map((view) => view.status)).toEqual(['sent', 'sent']);

    const toConsumer = mail.messages.filter((message) => message.to.includes(consumerEmail));
    const toProducer = mail.messages.filter((message) => message.to.includes(producerEmail));
    expect([toConsumer.length, toProducer.length]).toEqual([1, 1]);
    const invoice = run.documents.find((document) => document.kind === 'invoice') as SettlementDocument;
    const selfBilled = run.documents.find((document) => document.kind !== 'invoice') as SettlementDocument;
    const consumerMail = toConsumer[0]?.text ?? '';
    expect(consumerMail).toContain(`faktura ${invoice.number}`);
    expect(consumerMail).toMatch(/Content-Type: application\/pdf;[\s\S]*?name=.*\.pdf/);
    expect(consumerMail).toContain(`filename=${invoice.number}.isdoc`.slice(0, 20));
    expect(consumerMail).toMatch(/Content-Type: application\/xml/);
    expect(toProducer[0]?.text).toContain(`self-billed credit note ${selfBilled.number}`);
    expect(toProducer[0]?.text).not.toContain('faktura');

    // The same job again after it succeeded (a retry, the sweep): the delivery is sent, nothing goes out twice.
    const queue = frame.moduleRef.get(JobProducer).queue('deliveries');
    const jobId = deliveryJobId(run.admin.communityId, invoice.uuid, 1);
    await (await queue.getJob(jobId))?.remove();
    await queue.add(
      'deliveries.document',
      { communityId: run.admin.communityId, documentId: invoice.uuid, generation: 1 },
      { jobId },
    );
    const deadline = Date.now() + 30_000;
    while ((await (await queue.getJob(jobId))?.getState()) !== 'completed' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await queue.getJob(jobId))?.returnvalue).toBe('skipped');
    expect(mail.messages.filter((message) => message.to.includes(consumerEmail))).toHaveLength(1);
  });

  it('lists a member without an e-mail and mails nothing to it; resending after an e-mail is added delivers', async () => {
    const consumerEmail = `later-${randomUUID()}@test.sdilna.example`;
    const run = await seedFinalRun(frame.moduleRef, { producer: null, consumer: null });
    const before = mail.messages.length;
    const views = await frame.deliveries.resendRun(run.admin.principal, run.admin.communityId, run.runId);
    expect(views.map((view) => [view.status, view.email])).toEqual([
      ['no-address', undefined],
      ['no-address', undefined],
    ]);
    expect(views.map((view) => view.memberId).sort()).toEqual([run.consumer, run.producer].sort());
    await ownerRows(`UPDATE members SET email = $3 WHERE community_id = $1 AND id = $2`, [
      run.admin.communityId,
      run.consumer,
      consumerEmail,
    ]);
    await frame.deliveries.resendRun(run.admin.principal, run.admin.communityId, run.runId);
    const after = await settled(frame, run);
    expect(after.map((view) => view.status).sort()).toEqual(['no-address', 'sent']);
    expect(mail.messages.length).toBe(before + 1);
    expect(await mail.lastTo(consumerEmail)).toBeDefined();
  });

  it('answers a stranger and a run that is not final with the usual refusals', async () => {
    const stranger = await signUpAdmin(frame.moduleRef);
    const run = await seedFinalRun(frame.moduleRef, { producer: null, consumer: null });
    await expectRefusal(
      frame.deliveries.listOfRun(stranger.principal, run.admin.communityId, run.runId),
      'COMMUNITY_NOT_FOUND',
    );
    await expectRefusal(
      frame.deliveries.listOfRun(run.admin.principal, run.admin.communityId, randomUUID()),
      'SETTLEMENT_NOT_FOUND',
    );
    await expectRefusal(
      frame.deliveries.resendDocument(run.admin.principal, run.admin.communityId, randomUUID()),
      'DOCUMENT_NOT_FOUND',
    );
  });
});

describe('delivery to a mail server that refuses (5xx)', () => {
  const mail = new MailCatcher({ refuseFirst: Infinity });
  const frame = deliveryFrame(() => mail.start());
  afterAll(() => mail.stop());

  it('is failed with the server’s 550 answer after every attempt, and nothing is delivered', async () => {
    const email = `refused-${randomUUID()}@test.sdilna.example`;
    const run = await seedFinalRun(frame.moduleRef, { producer: null, consumer: email });
    await frame.deliveries.resendRun(run.admin.principal, run.admin.communityId, run.runId);
    const views = await settled(frame, run);
    const failed = views.find((view) => view.email === email);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
    expect(failed?.reason).toMatch(/550/);
    expect(mail.refused).toBe(2);
    expect(mail.messages).toHaveLength(0);
  });
});

describe('delivery to a mail server that drops the connection', () => {
  const server = new DroppingSmtpServer();
  const frame = deliveryFrame(() => server.start());
  afterAll(() => server.stop());

  it('is failed with the reason after every attempt', async () => {
    const email = `dropped-${randomUUID()}@test.sdilna.example`;
    const run = await seedFinalRun(frame.moduleRef, { producer: null, consumer: email });
    await frame.deliveries.resendRun(run.admin.principal, run.admin.communityId, run.runId);
    const failed = (await settled(frame, run)).find((view) => view.email === email);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
    expect(failed?.reason).toMatch(/closed|ECONNRESET|socket/i);
    expect(server.dropped).toBe(2);
  });
});
