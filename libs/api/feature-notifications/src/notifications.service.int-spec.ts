import { randomBytes, randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CrossTenantStore, TenantDatabase } from '@sdilna/api/data-access-db';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import { AppConfig } from '@sdilna/api/util-config';
import { Mailer } from '@sdilna/api/util-mail';
import type { Principal } from '@sdilna/api/util-auth';
import { MailCatcher } from '@sdilna/test-support/mail-catcher';
import { withOwner } from '@sdilna/test-support/owner-database';
import {
  memberPrincipal,
  ownerRows,
  seedPoints,
  signUpAdmin,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';

import type { OverduePaymentsSource } from './alert-sources';
import { NotificationsModule } from './notifications.module';
import { NotificationsService } from './notifications.service';

/** As the schema owner inside the tenant's context: rows the other features would have stored. */
async function asOwner(communityId: string, sql: string, parameters: unknown[]): Promise<void> {
  await withOwner(async (connection) => {
    await connection.query('BEGIN');
    await connection.query(`SELECT set_config('app.community_id', $1, true)`, [communityId]);
    await connection.query(sql, parameters);
    await connection.query('COMMIT');
  });
}

const failedImport = (communityId: string, fileName: string) =>
  asOwner(
    communityId,
    `INSERT INTO import_batches (community_id, status, source, file_name, stored_path, file_size, file_sha256)
     VALUES ($1, 'failed', 'upload', $2, 'x', 1, $3)`,
    [communityId, fileName, randomBytes(32).toString('hex')],
  );

const draftRun = async (communityId: string, period: string): Promise<string> => {
  const id = randomUUID();
  await asOwner(
    communityId,
    `INSERT INTO settlement_runs (community_id, id, period, period_from, period_to, status, compute_status)
     VALUES ($1, $2, $3, ($3 || '-01')::date, (($3 || '-01')::date + interval '1 month - 1 day')::date, 'draft', 'done')`,
    [communityId, id, period],
  );
  return id;
};

describe('NotificationsService: alerts fire once, by each person\u2019s preferences', () => {
  const mail = new MailCatcher();
  const smtpBefore = process.env['SMTP_URL'];
  beforeAll(async () => {
    process.env['SMTP_URL'] = await mail.start();
  });
  afterAll(async () => {
    if (smtpBefore === undefined) delete process.env['SMTP_URL'];
    else process.env['SMTP_URL'] = smtpBefore;
    await mail.stop();
  });

  const frame = useServiceModule(NotificationsModule);
  let moduleRef: TestingModule;
  let admin: SignedUp;
  let member: Principal;
  let memberId: string;
  let service: NotificationsService;
  const overdue: {
    documents: Array<{ documentId: string; number: string; memberId: string; dueDate: string }>;
  } = {
    documents: [],
  };

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    const seeded = await seedPoints(admin.communityId, admin.groupId, ['consumption']);
    memberId = seeded.memberId;
    member = await memberPrincipal(moduleRef, admin.communityId, memberId);
    // The payments feature's overdue documents, as it will plug them in.
    const source: OverduePaymentsSource = { overdue: async () => overdue.documents };
    service = new NotificationsService(
      moduleRef.get(TenantDatabase),
      moduleRef.get(CommunityAccess),
      moduleRef.get(Mailer),
      moduleRef.get(AppConfig),
      moduleRef.get(CrossTenantStore),
      source,
    );
  });

  const kindsOf = async (principal: Principal) =>
    (await service.list(principal, admin.communityId)).items.map((item) => item.kind).sort();

  it('raises each alert once: a second scan tells nobody anything new', async () => {
    await failedImport(admin.communityId, 'leden.csv');
    await draftRun(admin.communityId, '2026-10');
    overdue.documents = [{ documentId: randomUUID(), number: 'F2026-0007', memberId, dueDate: '2026-11-15' }];
    const created = await service.scanCommunity(admin.communityId);
    // admin: data gap of the seeded point, the failed import, the waiting draft, the overdue document;
    // member: the overdue document.
    expect(created).toBe(5);
    expect(await kindsOf(admin.principal)).toEqual([
      'data-gap',
      'draft-waiting',
      'import-failed',
      'overdue-payment',
    ]);
    expect(await kindsOf(member)).toEqual(['overdue-payment']);
    expect(await service.scanCommunity(admin.communityId)).toBe(0);
    expect(await kindsOf(admin.principal)).toHaveLength(4);
    const [gap] = (await service.list(admin.principal, admin.communityId)).items.filter(
      (i) => i.kind === 'data-gap',
    );
    expect(gap?.params).toMatchObject({ ean: expect.stringMatching(/^8591824/), days: expect.any(Number) });
  });

  it('keeps a person\u2019s notifications to themselves and counts what they have not read', async () => {
    const before = await service.list(member, admin.communityId);
    expect(before.unread).toBe(1);
    const [only] = before.items;
    await expect(service.markRead(admin.principal, admin.communityId, only?.id)).rejects.toMatchObject({
      code: 'NOTIFICATION_NOT_FOUND',
    });
    await service.markRead(member, admin.communityId, only?.id);
    expect((await service.list(member, admin.communityId)).unread).toBe(0);
  });

  it('follows preferences: off shows nothing, email sends one mail per event once, digest one mail a day', async () => {
    const other = await signUpAdmin(moduleRef);
    await withOwner((connection) =>
      connection.query(
        `INSERT INTO memberships (community_id, user_id, role) VALUES ($1, $2, 'community-admin')`,
        [admin.communityId, other.principal.userId],
      ),
    );
    await service.setPreferences(admin.principal, admin.communityId, [
      { kind: 'import-failed', channel: 'off' },
      { kind: 'draft-waiting', channel: 'email' },
    ]);
    expect(await service.preferences(admin.principal, admin.communityId)).toEqual(
      expect.arrayContaining([
        { kind: 'import-failed', channel: 'off' },
        { kind: 'draft-waiting', channel: 'email' },
        { kind: 'data-gap', channel: 'digest' },
      ]),
    );
    await failedImport(admin.communityId, 'unor.csv');
    await draftRun(admin.communityId, '2026-09');
    await service.scanCommunity(admin.communityId);
    const mine = (await service.list(admin.principal, admin.communityId)).items;
    expect(mine.filter((item) => item.kind === 'import-failed')).toHaveLength(1); // the first one only
    expect(mine.filter((item) => item.kind === 'draft-waiting')).toHaveLength(2);
    // The other administrator chose nothing: both new alerts are in their list (they joined after the first scan).
    expect(await kindsOf(other.principal)).toEqual(
      expect.arrayContaining(['data-gap', 'draft-waiting', 'import-failed', 'overdue-payment']),
    );

    const mailedBefore = mail.messages.length;
    await service.sendEmails();
    const perEvent = mail.messages.slice(mailedBefore).filter((m) => m.to.includes(admin.email));
    expect(perEvent).toHaveLength(1);
    expect(perEvent[0]?.text).toContain('2026-09');
    await service.sendEmails();
    expect(mail.messages.slice(mailedBefore).filter((m) => m.to.includes(admin.email))).toHaveLength(1);

    const digestsBefore = mail.messages.length;
    await service.sendDigests();
    const digests = mail.messages.slice(digestsBefore);
    const toAdmin = digests.filter((m) => m.to.includes(admin.email));
    const toOther = digests.filter((m) => m.to.includes(other.email));
    expect(toAdmin).toHaveLength(1);
    expect(toOther).toHaveLength(1);
    // The admin's digest holds the data gap and the overdue document, not the off import nor the mailed draft.
    expect(toAdmin[0]?.text).toMatch(/F2026-0007/);
    expect(toAdmin[0]?.text).not.toMatch(/unor\.csv/);
    await service.sendDigests();
    expect(mail.messages.length).toBe(digestsBefore + digests.length);
  });

  it('stores notifications only inside their community', async () => {
    const rows = await ownerRows<{ community_id: string }>(
      `SELECT DISTINCT community_id FROM notifications WHERE user_id = $1`,
      [member.userId],
    );
    expect(rows).toEqual([{ community_id: admin.communityId }]);
  });
});
