import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MeteringPointRole = 'production' | 'consumption';

@Entity({ name: 'metering_points' })
export class MeteringPointEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  ean!: string;

  @Column({ type: 'text' })
  role!: MeteringPointRole;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ name: 'sharing_group_id', type: 'uuid' })
  sharingGroupId!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'text', nullable: true })
  label!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}
