import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { AllocationMethod } from '@sdilna/shared/domain-allocation';

@Entity({ name: 'allocation_keys' })
export class AllocationKeyEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'sharing_group_id', type: 'uuid' })
  sharingGroupId!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'text' })
  method!: AllocationMethod;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

@Entity({ name: 'allocation_key_pairs' })
export class AllocationKeyPairEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ name: 'key_id', type: 'uuid' })
  keyId!: string;

  @PrimaryColumn({ name: 'producer_point_id', type: 'uuid' })
  producerPointId!: string;

  @PrimaryColumn({ name: 'consumer_point_id', type: 'uuid' })
  consumerPointId!: string;

  @Column({ name: 'basis_points', type: 'integer' })
  basisPoints!: number;

  @Column({ type: 'smallint' })
  priority!: number;
}
