import { randomBytes } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashSecret } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { MailCatcher, tokenIn } from '@sdilna/test-support/mail-catcher';
import { startMailWorker } from '@sdilna/test-support/mail-worker';
import {
  expectRefusal,
  memberPrincipal,
  ownerRows,
  seedMember,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';
import { CommunitiesModule } from './communities.module';
import { InvitationsService } from './invitations.service';

const DAY_MS = 24 * 3600 * 1000;

describe('InvitationsService (service tier)', () => {
  // The mail goes to a real SMTP server of the spec's own; the configuration is read when the module is built.
  // The worker's mail queue is served in this process; a queue prefix of the spec's own keeps the integration
  // tier's other files (run in parallel on the same Redis) from taking its mails.
  const mail = new MailCatcher();
  const smtpBefore = process.env['SMTP_URL'];
  const prefixBefore = process.env['QUEUE_PREFIX'];
  let mailWorker: Worker | undefined;
  beforeAll(async () => {
    process.env['SMTP_URL'] = await mail.start();
    process.env['QUEUE_PREFIX'] = `invitations-${randomBytes(6).toString('hex')}`;
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
  let invitations: InvitationsService;
  let admin: SignedUp;
  const frame = useServiceModule(CommunitiesModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    invitations = moduleRef.get(InvitationsService);
    mailWorker = await startMailWorker(moduleRef);
  });

  it('stores a pending invitation for 7 days with only a hash of its secret, and mails the link', async () => {
    const email = `invitee-${Date.now()}@test.sdilna.example`;
    const before = Date.now();
    const view = await invitations.create(admin.principal, admin.communityId, {
      email,
      role: 'community-admin',
    });
    expect(view).toMatchObject({ email, role: 'community-admin', status: 'pending', mailQueued: true });
    const lifetime = Date.parse(view.expiresAt) - before;
    expect(lifetime).toBeGreaterThanOrEqual(7 * DAY_MS - 1000);
    expect(lifetime).toBeLessThanOrEqual(7 * DAY_MS + 5000);
    const token = tokenIn(await mail.lastTo(email));
    const [communityId, invitationId, secret] = token.split('.');
    expect([communityId, invitationId]).toEqual([admin.communityId, view.id]);
    const [row] = await ownerRows<{ token_hash: Buffer; invited_by: string }>(
      `SELECT token_hash, invited_by FROM invitations WHERE id = $1`,
      [view.id],
    );
    expect(row?.invited_by).toBe(admin.principal.userId);
    // the keyed hash of the mailed secret, never the secret itself
    expect(row?.token_hash).toEqual(hashSecret(secret ?? '', moduleRef.get(AppConfig).JWT_REFRESH_SECRET));
    const [audit] = await ownerRows<{ action: string }>(
      `SELECT action FROM audit_log WHERE community_id = $1 AND entity = 'invitation' AND entity_id = $2`,
      [admin.communityId, view.id],
    );
    expect(audit?.action).toBe('invite');
  });

  it('invites a municipality accountant only for a member of kind municipality (ACCOUNTANT_NEEDS_MUNICIPALITY)', async () => {
    const household = await seedMember(admin.communityId, 'household');
    const town = await seedMember(admin.communityId, 'municipality', 'Obec');
    await expectRefusal(
      invitations.create(admin.principal, admin.communityId, {
        email: 'ucetni@test.sdilna.example',
        role: 'municipality-accountant',
        memberId: household,
      }),
      'ACCOUNTANT_NEEDS_MUNICIPALITY',
    );
    expect(
      await ownerRows(`SELECT 1 FROM invitations WHERE community_id = $1 AND member_id = $2`, [
        admin.communityId,
        household,
      ]),
    ).toHaveLength(0);
    const view = await invitations.create(admin.principal, admin.communityId, {
      email: 'ucetni@test.sdilna.example',
      role: 'municipality-accountant',
      memberId: town,
    });
    expect(view).toMatchObject({ role: 'municipality-accountant', memberId: town, status: 'pending' });
  });

  it('lets only an administrator invite, list and revoke (ROLE_FORBIDDEN for a member)', async () => {
    const memberId = await seedMember(admin.communityId);
    const member = await memberPrincipal(moduleRef, admin.communityId, memberId);
    const pending = await invitations.create(admin.principal, admin.communityId, {
      email: 'soused@test.sdilna.example',
      role: 'member',
      memberId,
    });
    await expectRefusal(
      invitations.create(member, admin.communityId, {
        email: 'kamarad@test.sdilna.example',
        role: 'community-admin',
      }),
      'ROLE_FORBIDDEN',
    );
    await expectRefusal(invitations.list(member, admin.communityId), 'ROLE_FORBIDDEN');
    await expectRefusal(invitations.revoke(member, admin.communityId, pending.id), 'ROLE_FORBIDDEN');
    expect(
      await ownerRows(`SELECT 1 FROM invitations WHERE email = 'kamarad@test.sdilna.example'`),
    ).toHaveLength(0);
    const listed = await invitations.list(admin.principal, admin.communityId);
    expect(listed.find((view) => view.id === pending.id)?.status).toBe('pending');
  });

  it('revokes only a pending invitation: an accepted one is INVITATION_NOT_FOUND and stays accepted', async () => {
    const view = await invitations.create(admin.principal, admin.communityId, {
      email: 'prijata@test.sdilna.example',
      role: 'community-admin',
    });
    // accepted as the sign-up through the link would (AuthService.acceptInvitation has its own spec)
    await ownerRows(`UPDATE invitations SET accepted_at = now() WHERE id = $1`, [view.id]);
    await expectRefusal(
      invitations.revoke(admin.principal, admin.communityId, view.id),
      'INVITATION_NOT_FOUND',
    );
    const listed = await invitations.list(admin.principal, admin.communityId);
    expect(listed.find((invitation) => invitation.id === view.id)?.status).toBe('accepted');
  });
});
