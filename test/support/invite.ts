import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { expect } from 'vitest';

import { bearer, TEST_PASSWORD, type TestCommunity, uniqueEmail } from './factories';
import { type MailCatcher, tokenIn } from './mail-catcher';

/** Invites a new login into the community, reads the link from the mail and accepts it; returns its access token. */
export async function inviteAndAccept(
  app: INestApplication,
  mail: MailCatcher,
  community: TestCommunity,
  invitation: { role: 'community-admin' | 'member' | 'municipality-accountant'; memberId?: string },
): Promise<string> {
  const email = uniqueEmail(invitation.role);
  const invited = await request(app.getHttpServer())
    .post(`/api/communities/${community.communityId}/invitations`)
    .set(bearer(community.adminToken))
    .send({ email, ...invitation });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  const token = tokenIn(await mail.lastTo(email));
  const accepted = await request(app.getHttpServer())
    .post('/api/auth/invitations/accept')
    .send({ token, password: TEST_PASSWORD, name: 'Invited' });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return accepted.body.accessToken as string;
}
