import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { AuditLog, CommunityAccess, InvitationEntity, MemberEntity } from '@sdilna/api/data-access-registry';
import { hashSecret, newSecret, type Principal } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { DEFAULT_MAIL_LANGUAGE, invitationMail, MailOutbox, type MailLanguage } from '@sdilna/api/util-mail';
import { invitationLink } from '@sdilna/shared/util-portal-routes';

import { CommunitiesException } from './communities.exception';
import type { CreateInvitationDto, InvitationView } from './dtos/invitation.dto';

const INVITATION_LIFETIME_DAYS = 7;
const INVITATION_LIFETIME_MS = INVITATION_LIFETIME_DAYS * 24 * 3600 * 1000;

function statusOf(invitation: InvitationEntity, now: Date): InvitationView['status'] {
  if (invitation.acceptedAt !== null) return 'accepted';
  if (invitation.revokedAt !== null) return 'revoked';
  return invitation.expiresAt <= now ? 'expired' : 'pending';
}

function toView(invitation: InvitationEntity): InvitationView {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    memberId: invitation.memberId,
    status: statusOf(invitation, new Date()),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/** Invitations of members, accountants and co-administrators by single-use links that expire after 7 days. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
    private readonly outbox: MailOutbox,
    private readonly config: AppConfig,
  ) {}

  /** `language`: the mail's, the inviter's portal language (Accept-Language of the request). */
  async create(
    principal: Principal,
    communityId: string,
    input: CreateInvitationDto,
    language: MailLanguage = DEFAULT_MAIL_LANGUAGE,
  ): Promise<InvitationView> {
    const { view, communityName, secret } = await this.db.run(communityId, async ({ manager }) => {
      const access = await this.access.resolve(manager, communityId, principal);
      this.access.requireAdmin(access);
      const memberId = await this.checkMember(manager, input);
      const issued = await this.issue(manager, communityId, principal.userId, { ...input, memberId });
      return { ...issued, communityName: access.community.name };
    });
    // Queued after the commit: a link must never point at an invitation that was rolled back. The worker sends it.
    return this.send(communityId, communityName, view, secret, language);
  }

  /**
   * Stores an invitation inside the caller's transaction (the member it names is checked by the caller) and
   * returns the secret of its link; `send` queues its mail once the transaction has committed.
   */
  async issue(
    manager: EntityManager,
    communityId: string,
    invitedBy: string,
    input: { email: string; role: CreateInvitationDto['role']; memberId: string | null },
  ): Promise<{ view: InvitationView; secret: string }> {
    const secret = newSecret();
    const invitation: InvitationEntity = {
      communityId,
      id: randomUUID(),
      email: input.email.trim().toLowerCase(),
      role: input.role,
      memberId: input.memberId,
      tokenHash: hashSecret(secret, this.config.JWT_REFRESH_SECRET),
      invitedBy,
      expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS),
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
      createdAt: new Date(),
    };
    const { createdAt: _createdAt, ...row } = invitation;
    await manager.insert(InvitationEntity, row);
    const view = toView(invitation);
    await this.audit.record(manager, {
      communityId,
      actorUserId: invitedBy,
      action: 'invite',
      entity: 'invitation',
      entityId: invitation.id,
      after: view,
    });
    return { view, secret };
  }

  /** Queues the mail of an issued invitation's link; answers the view with whether the queue took it. */
  async send(
    communityId: string,
    communityName: string,
    view: InvitationView,
    secret: string,
    language: MailLanguage,
  ): Promise<InvitationView> {
    const link = invitationLink(this.config.PUBLIC_URL, `${communityId}.${view.id}.${secret}`);
    const mailQueued = await this.outbox.enqueue('invitation', view.id, {
      to: view.email,
      ...invitationMail(language, {
        communityName,
        role: view.role,
        link,
        validDays: INVITATION_LIFETIME_DAYS,
      }),
    });
    return { ...view, mailQueued };
  }

  async list(principal: Principal, communityId: string): Promise<InvitationView[]> {
    return this.db.run(communityId, async ({ manager }) => {
      this.access.requireAdmin(await this.access.resolve(manager, communityId, principal));
      const invitations = await manager.find(InvitationEntity, {
        order: { createdAt: 'DESC' },
      });
      return invitations.map(toView);
    });
  }

  async revoke(principal: Principal, communityId: string, invitationId: string): Promise<void> {
    await this.db.run(communityId, async ({ manager }) => {
      this.access.requireAdmin(await this.access.resolve(manager, communityId, principal));
      const result = await manager
        .createQueryBuilder()
        .update(InvitationEntity)
        .set({ revokedAt: () => 'now()' })
        .where('id = :invitationId AND accepted_at IS NULL AND revoked_at IS NULL', { invitationId })
        .execute();
      if (result.affected === 0)
        throw new CommunitiesException('INVITATION_NOT_FOUND', 'No pending invitation with this id');
      await this.audit.record(manager, {
        communityId,
        actorUserId: principal.userId,
        action: 'delete',
        entity: 'invitation',
        entityId: invitationId,
      });
    });
  }

  private async checkMember(manager: EntityManager, input: CreateInvitationDto): Promise<string | null> {
    if (input.role === 'community-admin') return input.memberId ?? null;
    if (input.memberId === undefined) {
      throw new CommunitiesException(
        'INVITATION_MEMBER_NOT_FOUND',
        `A ${input.role} invitation names the member record (memberId)`,
      );
    }
    const member = await manager.findOne(MemberEntity, { where: { id: input.memberId } });
    if (!member)
      throw new CommunitiesException('INVITATION_MEMBER_NOT_FOUND', 'No such member in this community');
    if (input.role === 'municipality-accountant' && member.kind !== 'municipality') {
      throw new CommunitiesException(
        'ACCOUNTANT_NEEDS_MUNICIPALITY',
        'A municipality accountant is invited for a member of kind municipality',
      );
    }
    return member.id;
  }
}
