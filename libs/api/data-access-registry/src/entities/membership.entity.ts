import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { CommunityRole } from '@sdilna/api/util-auth';

@Entity({ name: 'memberships' })
export class MembershipEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'text' })
  role!: CommunityRole;

  /** The member record a `member` login may see (for an accountant: the municipality). */
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;
}
