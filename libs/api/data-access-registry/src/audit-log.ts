import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import type { AuditAction, AuditEntity } from '@sdilna/shared/util-api-contract';

export interface AuditRecord {
  readonly communityId: string;
  /** null for changes nobody asked for at that moment: the worker finishing an import, a schedule */
  readonly actorUserId: string | null;
  readonly action: AuditAction;
  readonly entity: AuditEntity;
  readonly entityId: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /**
   * Top-level fields of `before`/`after` that hold a bank account: stored with only their last four digits, so
   * the trail says that the account changed without becoming a list of the community's accounts.
   */
  readonly masked?: readonly string[];
}

/** A bank account (IBAN or Czech `prefix-number/bank`) as its last four digits, e.g. `****5399`. */
export function maskAccount(value: string): string {
  return `****${value.replace(/\D/g, '').slice(-4)}`;
}

/** Writes the audit trail in the same transaction as the change, so a change without its entry cannot exist. */
@Injectable()
export class AuditLog {
  /** An entry of the transaction's community. */
  async recordIn(tx: TenantTransaction, entry: Omit<AuditRecord, 'communityId'>): Promise<void> {
    await this.record(tx.manager, { ...entry, communityId: tx.communityId });
  }

  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    const masked = entry.masked ?? [];
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
        jsonOf(entry.before, masked),
        jsonOf(entry.after, masked),
      ],
    );
  }
}

function jsonOf(value: unknown, masked: readonly string[]): string | null {
  if (value === undefined) return null;
  if (masked.length === 0 || value === null || typeof value !== 'object' || Array.isArray(value))
    return JSON.stringify(value);
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of masked) {
    const account = copy[field];
    if (typeof account === 'string') copy[field] = maskAccount(account);
  }
  return JSON.stringify(copy);
}
