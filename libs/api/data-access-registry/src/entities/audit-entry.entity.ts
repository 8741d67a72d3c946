import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { AuditAction, AuditEntity } from '@sdilna/shared/util-api-contract';

export type { AuditAction, AuditEntity } from '@sdilna/shared/util-api-contract';

@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'timestamptz', insert: false, update: false })
  at!: Date;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'text' })
  action!: AuditAction;

  @Column({ type: 'text' })
  entity!: AuditEntity;

  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;
}
