import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { TenantTransaction } from '@sdilna/api/data-access-db';

import type { AuditAction } from './entities/audit-entry.entity';

export interface AuditRecord {
  readonly communityId: string;
  readonly actorUserId: string | null;
  readonly action: AuditAction;
  readonly entity: string;
  readonly entityId: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Writes the audit trail in the same transaction as the change, so a change without its entry cannot exist. */
@Injectable()
export class AuditLog {
  /** An entry of the transaction's community. */
  async recordIn(tx: TenantTransaction, entry: Omit<AuditRecord, 'communityId'>): Promise<void> {
    await this.record(tx.manager, { ...entry, communityId: tx.communityId });
  }

  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    // Plain SQL: jsonb parameters go in as JSON text, which TypeORM's typed insert cannot express for `unknown`.
    await manager.query(
      `INSERT INTO audit_log (community_id, id, actor_user_id, action, entity, entity_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
      [
        entry.communityId,
        randomUUID(),
        entry.actorUserId,
        entry.action,
        entry.entity,
        entry.entityId,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
      ],
    );
  }
}
