import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { MemberKind } from '@sdilna/shared/util-api-contract';

@Entity({ name: 'members' })
export class MemberEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  kind!: MemberKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'text', nullable: true })
  ico!: string | null;

  @Column({ type: 'text', nullable: true })
  dic!: string | null;

  @Column({ name: 'vat_payer', type: 'boolean' })
  vatPayer!: boolean;

  /** Voting weight in the community's assembly; 0 = no voting rights. */
  @Column({ type: 'integer' })
  votes!: number;

  /** The municipality a municipal unit (school, sports hall) belongs to. */
  @Column({ name: 'parent_member_id', type: 'uuid', nullable: true })
  parentMemberId!: string | null;

  @Column({ name: 'joined_on', type: 'date' })
  joinedOn!: string;

  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}
