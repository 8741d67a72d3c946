import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'sharing_groups' })
export class SharingGroupEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The group's number at EDC (e.g. 0000018947), once registered there. */
  @Column({ name: 'edc_group_id', type: 'text', nullable: true })
  edcGroupId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}
