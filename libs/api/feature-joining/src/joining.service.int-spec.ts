import { randomBytes } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SERIES } from '@sdilna/api/data-access-readings';
import { AppConfig } from '@sdilna/api/util-config';
import { JobProducer } from '@sdilna/api/util-jobs';
import { mailJobId } from '@sdilna/api/util-mail';
import { scaleProfile } from '@sdilna/shared/domain-allocation';
import { addDays, daysInRange } from '@sdilna/shared/domain-core';
import { uniqueEan } from '@sdilna/test-support/factories';
import { MailCatcher, tokenIn } from '@sdilna/test-support/mail-catcher';
import { startMailWorker } from '@sdilna/test-support/mail-worker';
import {
  expectRefusal,
  ownerRows,
  seedPoints,
  storeReadings,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';

import type { JoinRequestDto } from './dtos/joining.dto';
import { JoiningModule } from './joining.module';
import { EMAIL_REQUEST_LIMIT, JoiningService, MIN_FILL_MS } from './joining.service';
import { estimateYear } from './newcomer-estimate.service';

describe('JoiningService (service tier)', () => {
  // Invitations go through the worker's mail queue, served in this process under a queue prefix of the spec's own
  // (the integration tier's other files run in parallel on the same Redis).
  const mail = new MailCatcher();
  const smtpBefore = process.env['SMTP_URL'];
  const prefixBefore = process.env['QUEUE_PREFIX'];
  let mailWorker: Worker | undefined;
  beforeAll(async () => {
    process.env['SMTP_URL'] = await mail.start();
    process.env['QUEUE_PREFIX'] = `joining-${randomBytes(6).toString('hex')}`;
  });
  afterAll(async () => {
    await mailWorker?.close();
    if (smtpBefore === undefined) delete process.env['SMTP_URL'];
    else process.env['SMTP_URL'] = smtpBefore;
    if (prefixBefore === undefined) delete process.env['QUEUE_PREFIX'];
    else process.env['QUEUE_PREFIX'] = prefixBefore;
    await mail.stop();
  });

  let moduleRef: TestingModule;
  let joining: JoiningService;
  let admin: SignedUp;
  let slug: string;
  const frame = useServiceModule(JoiningModule);
  const { from } = estimateYear();
  // Three days of the estimate year with a PV that exports 0.01 to 0.63 kWh a quarter hour from 08:00 to 16:00 (rising).
  const dataDays = [addDays(from, 40), addDays(from, 41), addDays(from, 200)];
  const pv = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [32 + i, 2 * i + 1]));

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    joining = moduleRef.get(JoiningService);
    mailWorker = await startMailWorker(moduleRef);
    slug = `test-${admin.communityId.slice(0, 8)}`;
    const seeded = await seedPoints(admin.communityId, admin.groupId, ['production'], from);
    const pvPoint = seeded.points[0] as { id: string };
    await storeReadings(
      moduleRef,
      admin.communityId,
      dataDays.map((day) => ({ pointId: pvPoint.id, day, series: SERIES.measured, values: pv })),
    );
    await joining.putPage(admin.principal, admin.communityId, {
      slug,
      published: true,
      description: 'Sdílíme slunce',
      sources: 'FVE na škole',
      conditions: 'Členský příspěvek 0 Kč',
      supplierPricePerKwh: '4.50',
    });
  });

  function request(overrides: Partial<JoinRequestDto> = {}): JoinRequestDto {
    return {
      name: 'Jana Nováková',
      email: `jana-${Math.random().toString(36).slice(2)}@test.sdilna.example`,
      address: 'Lomnice 12',
      kind: 'household',
      eans: [uniqueEan()],
      yearlyConsumptionKwh: 3500,
      consentDataProcessing: true,
      consentEdcMandate: true,
      consentEmail: false,
      formToken: '',
      ...overrides,
    };
  }

  async function formToken(): Promise<{ token: string; openedAt: number }> {
    const openedAt = Date.now() - MIN_FILL_MS - 1000;
    return { token: (await joining.publicCommunity(slug, openedAt)).formToken, openedAt };
  }

  it('shows a published page to anyone and hides an unpublished one like a missing one', async () => {
    const page = await joining.publicCommunity(slug);
    expect(page).toMatchObject({ slug, description: 'Sdílíme slunce', supplierPricePerKwh: '4.50' });
    // Only what the page publishes: no member, point, price list or person of the community.
    expect(Object.keys(page).sort()).toEqual([
      'conditions',
      'description',
      'formToken',
      'generation',
      'name',
      'slug',
      'sources',
      'supplierPricePerKwh',
      'type',
    ]);
    await expectRefusal(joining.publicCommunity('no-such-community'), 'PUBLIC_PAGE_NOT_FOUND');
  });

  it("estimates the newcomer's shared energy exactly as the engine shares the stored production with its profile", async () => {
    const estimate = await joining.estimate(slug, { kind: 'household', yearlyConsumptionKwh: 3500 });
    // No key is registered: today's members take nothing, so the newcomer gets min(export, its demand) per interval.
    const demand = scaleProfile('household', daysInRange(estimateYear().from, estimateYear().to), 350_000);
    let expected = 0;
    for (const day of dataDays) {
      const values = demand.get(day) as Int32Array;
      for (let i = 0; i < values.length; i++) expected += Math.min(pv[i] ?? 0, values[i] as number);
    }
    expect(estimate.days).toBe(3);
    expect(estimate.sharedKwh).toBe(expected / 100);
    expect(estimate.sharedKwh).toBeGreaterThan(0);
    // No price list yet: the saving is not counted, and the answer says so.
    expect(estimate).toMatchObject({
      savingsCzk: null,
      unpricedKwh: expected / 100,
      supplierPricePerKwh: '4.50',
    });
  });

  it('refuses a form sent by a robot: the honeypot filled, or sent faster than a person fills it', async () => {
    const fresh = (await joining.publicCommunity(slug)).formToken;
    await expectRefusal(
      joining.submit(slug, request({ formToken: fresh }), '10.0.0.1', 'cs'),
      'JOIN_REQUEST_REFUSED',
    );
    const { token } = await formToken();
    await expectRefusal(
      joining.submit(slug, request({ formToken: token, website: 'http://spam.example' }), '10.0.0.1', 'cs'),
      'JOIN_REQUEST_REFUSED',
    );
    await expectRefusal(
      joining.submit(slug, request({ formToken: `${Date.now() - 10_000}.forged` }), '10.0.0.1', 'cs'),
      'JOIN_FORM_INVALID',
    );
  });

  it('limits requests per e-mail address', async () => {
    const email = `limit-${Date.now()}@test.sdilna.example`;
    for (let i = 0; i < EMAIL_REQUEST_LIMIT; i++) {
      const { token } = await formToken();
      await joining.submit(slug, request({ email, formToken: token }), `10.1.0.${i}`, 'cs');
    }
    const { token } = await formToken();
    await expectRefusal(
      joining.submit(slug, request({ email, formToken: token }), '10.1.0.99', 'cs'),
      'JOIN_TOO_MANY_REQUESTS',
    );
  });

  it('confirms by the mailed link, then accepts: member, point, consents and invitation in one step', async () => {
    const { token } = await formToken();
    const sent = request({ formToken: token, consentEmail: true });
    await joining.submit(slug, sent, '10.2.0.1', 'en');
    expect(await joining.list(admin.principal, admin.communityId, undefined)).not.toContainEqual(
      expect.objectContaining({ email: sent.email }),
    );
    const confirmation = tokenIn(await mail.lastTo(sent.email));
    await expectRefusal(joining.confirm(`${confirmation}x`), 'JOIN_TOKEN_INVALID');
    await joining.confirm(confirmation);
    const [listed] = (await joining.list(admin.principal, admin.communityId, 'confirmed')).filter(
      (row) => row.email === sent.email,
    );
    expect(listed).toMatchObject({ status: 'confirmed', eans: sent.eans });
    const accepted = await joining.accept(admin.principal, admin.communityId, listed!.id, {});
    expect(accepted.status).toBe('accepted');
    const memberId = accepted.memberId as string;
    const points = await ownerRows(`SELECT ean, role FROM metering_points WHERE member_id = $1`, [memberId]);
    expect(points).toEqual([{ ean: sent.eans[0], role: 'consumption' }]);
    const consents = await ownerRows(
      `SELECT kind, granted, source FROM consents WHERE member_id = $1 ORDER BY kind`,
      [memberId],
    );
    expect(consents).toEqual([
      { kind: 'data-processing', granted: true, source: 'join-request' },
      { kind: 'edc-mandate', granted: true, source: 'join-request' },
      { kind: 'email', granted: true, source: 'join-request' },
    ]);
    const invitations = await ownerRows(`SELECT role FROM invitations WHERE member_id = $1`, [memberId]);
    expect(invitations).toEqual([{ role: 'member' }]);
    // the invitation is queued after the commit: wait for it, not for the confirmation mail before it
    const invited = await mail.lastTo(sent.email, 30_000, (m) => m.text.includes('/auth/invitation?token='));
    expect(invited.to).toEqual([sent.email]);
    await expectRefusal(
      joining.accept(admin.principal, admin.communityId, listed!.id, {}),
      'JOIN_REQUEST_DECIDED',
    );
  });

  it('queues the confirmation mail for the worker: the answer does not wait for the mail server', async () => {
    // nobody takes mail for a moment: the request is answered and its mail waits on the queue
    await mailWorker?.pause();
    try {
      const { token } = await formToken();
      const sent = request({ formToken: token });
      await joining.submit(slug, sent, '10.4.0.1', 'cs');
      const [stored] = await ownerRows<{ id: string }>(`SELECT id FROM join_requests WHERE email = $1`, [
        sent.email,
      ]);
      const job = await moduleRef
        .get(JobProducer)
        .queue('mail')
        .getJob(mailJobId('join-confirmation', stored!.id));
      expect(job?.name).toBe('mail.send');
      expect(job?.data.to).toBe(sent.email);
      expect(job?.opts.attempts).toBe(moduleRef.get(AppConfig).MAIL_ATTEMPTS);
      expect(await job?.getState()).toBe('waiting');
      expect(mail.messages.filter((message) => message.to.includes(sent.email))).toEqual([]);
      mailWorker?.resume();
      expect(tokenIn(await mail.lastTo(sent.email, 30_000))).toMatch(/\./);
    } finally {
      mailWorker?.resume();
    }
  });

  it('declines a confirmed request with a reason that goes to the sender', async () => {
    const { token } = await formToken();
    const sent = request({ formToken: token });
    await joining.submit(slug, sent, '10.3.0.1', 'cs');
    await joining.confirm(tokenIn(await mail.lastTo(sent.email)));
    const [listed] = (await joining.list(admin.principal, admin.communityId, 'confirmed')).filter(
      (row) => row.email === sent.email,
    );
    const declined = await joining.decline(
      admin.principal,
      admin.communityId,
      listed!.id,
      'Kapacita FVE je plná.',
    );
    expect(declined).toMatchObject({
      status: 'declined',
      declineReason: 'Kapacita FVE je plná.',
      memberId: null,
    });
    // queued after the decision: wait for it, not for the confirmation mail before it
    const declinedMail = await mail.lastTo(sent.email, 30_000, (m) => m.text.includes('Kapacita FVE'));
    expect(declinedMail.text).toContain('Kapacita FVE je pln');
  });
});
