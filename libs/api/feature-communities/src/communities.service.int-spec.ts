import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectRefusal,
  ownerRows,
  serviceModule,
  signUpAdmin,
  type SignedUp,
} from '@sdilna/test-support/service-module';
import { CommunitiesModule } from './communities.module';
import { CommunitiesService } from './communities.service';
import { InvitationsService } from './invitations.service';

describe('CommunitiesService and InvitationsService (service tier)', () => {
  let moduleRef: TestingModule;
  let communities: CommunitiesService;
  let invitations: InvitationsService;
  let admin: SignedUp;
  let stranger: SignedUp;

  beforeAll(async () => {
    moduleRef = await serviceModule(CommunitiesModule);
    communities = moduleRef.get(CommunitiesService);
    invitations = moduleRef.get(InvitationsService);
    admin = await signUpAdmin(moduleRef);
    stranger = await signUpAdmin(moduleRef);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  it('creates a community with one sharing group, the creator as its administrator and an audit entry', async () => {
    const created = await communities.create(admin.principal, { type: 'renewable-community', name: 'Druhá' });
    const mine = await communities.listMine(admin.principal);
    expect(mine.find((c) => c.id === created.id)?.roles).toEqual(['community-admin']);
    expect(await communities.listGroups(admin.principal, created.id)).toHaveLength(1);
    const audit = await ownerRows<{ action: string; entity: string }>(
      `SELECT action, entity FROM audit_log WHERE community_id = $1`,
      [created.id],
    );
    expect(audit).toEqual([{ action: 'create', entity: 'community' }]);
  });

  it('bounds the territory of a renewable community to three ORPs or Praha alone (the locality rule)', async () => {
    await expectRefusal(
      communities.create(admin.principal, {
        type: 'renewable-community',
        name: 'Široká',
        territoryOrp: ['Semily', 'Jilemnice', 'Turnov', 'Liberec'],
      }),
      'TERRITORY_TOO_LARGE',
    );
    const created = await communities.create(admin.principal, {
      type: 'renewable-community',
      name: 'Místní',
      territoryOrp: ['Semily', 'Jilemnice', 'Turnov'],
    });
    await expectRefusal(
      communities.update(admin.principal, created.id, { territoryOrp: ['Praha', 'Semily'] }),
      'TERRITORY_TOO_LARGE',
    );
    expect((await communities.get(admin.principal, created.id)).territoryOrp).toHaveLength(3);
  });

  it('answers COMMUNITY_NOT_FOUND to a user of another community, for reads and writes alike', async () => {
    await expectRefusal(communities.get(stranger.principal, admin.communityId), 'COMMUNITY_NOT_FOUND');
    await expectRefusal(
      communities.update(stranger.principal, admin.communityId, { name: 'Ukradená' }),
      'COMMUNITY_NOT_FOUND',
    );
    expect((await communities.get(admin.principal, admin.communityId)).name).not.toBe('Ukradená');
  });

  it('refuses a caller whose session has ended (UNAUTHENTICATED)', async () => {
    const ended = { ...admin.principal, sessionId: '00000000-0000-4000-8000-000000000000' };
    await expectRefusal(communities.get(ended, admin.communityId), 'UNAUTHENTICATED');
  });

  it('records an update with before and after in the audit log', async () => {
    await communities.update(admin.principal, admin.communityId, { name: 'Přejmenovaná' });
    const [entry] = await ownerRows<{ before: { name: string }; after: { name: string } }>(
      `SELECT before, after FROM audit_log WHERE community_id = $1 AND entity = 'community' AND action = 'update'`,
      [admin.communityId],
    );
    expect(entry?.after.name).toBe('Přejmenovaná');
    expect(entry?.before.name).not.toBe('Přejmenovaná');
  });

  it('answers SHARING_GROUP_NOT_FOUND for a group of another community', async () => {
    await expectRefusal(
      communities.updateGroup(admin.principal, admin.communityId, stranger.groupId, { name: 'x' }),
      'SHARING_GROUP_NOT_FOUND',
    );
    await expectRefusal(
      communities.getIteration(admin.principal, admin.communityId, stranger.groupId),
      'SHARING_GROUP_NOT_FOUND',
    );
  });

  it('keeps iteration periods in order: a change may not start before the latest period', async () => {
    await communities.setIteration(admin.principal, admin.communityId, admin.groupId, {
      requested: true,
      validFrom: '2026-03-01',
    });
    await communities.setIteration(admin.principal, admin.communityId, admin.groupId, {
      requested: false,
      validFrom: '2026-05-01',
    });
    await expectRefusal(
      communities.setIteration(admin.principal, admin.communityId, admin.groupId, {
        requested: true,
        validFrom: '2026-04-01',
      }),
      'ITERATION_PERIOD_CONFLICT',
    );
    const view = await communities.getIteration(admin.principal, admin.communityId, admin.groupId);
    expect(view.periods.map((p) => [p.validFrom, p.requested])).toEqual([
      ['2026-03-01', true],
      ['2026-05-01', false],
    ]);
  });

  it('invites, lists and revokes once: a second revocation is INVITATION_NOT_FOUND', async () => {
    const invitation = await invitations.create(admin.principal, admin.communityId, {
      email: '  Nova.Spravkyne@Test.Sdilna.Example ',
      role: 'community-admin',
    });
    expect(invitation.email).toBe('nova.spravkyne@test.sdilna.example');
    expect((await invitations.list(admin.principal, admin.communityId)).map((i) => i.id)).toContain(
      invitation.id,
    );
    await invitations.revoke(admin.principal, admin.communityId, invitation.id);
    await expectRefusal(
      invitations.revoke(admin.principal, admin.communityId, invitation.id),
      'INVITATION_NOT_FOUND',
    );
    const [row] = await ownerRows<{ revoked: boolean }>(
      `SELECT revoked_at IS NOT NULL AS revoked FROM invitations WHERE id = $1`,
      [invitation.id],
    );
    expect(row?.revoked).toBe(true);
  });

  it('refuses a member invitation without its member record (INVITATION_MEMBER_NOT_FOUND)', async () => {
    await expectRefusal(
      invitations.create(admin.principal, admin.communityId, {
        email: 'm@test.sdilna.example',
        role: 'member',
      }),
      'INVITATION_MEMBER_NOT_FOUND',
    );
    await expectRefusal(
      invitations.create(admin.principal, admin.communityId, {
        email: 'm@test.sdilna.example',
        role: 'member',
        memberId: '00000000-0000-4000-8000-000000000000',
      }),
      'INVITATION_MEMBER_NOT_FOUND',
    );
  });
});
