import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { CommunityType } from '@sdilna/shared/domain-core';

@Entity({ name: 'communities' })
export class CommunityEntity {
  /** The tenant id; the column is `community_id` like in every tenant table. */
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  type!: CommunityType;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  ico!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'territory_orp', type: 'text', array: true })
  territoryOrp!: string[];

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}
