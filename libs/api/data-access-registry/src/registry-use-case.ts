import { Injectable } from '@nestjs/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import type { SessionClaims } from '@sdilna/api/util-auth';
import type { Page, PageRequest } from '@sdilna/api/util-registry';

import { AuditLog } from './audit-log';
import { type Access, CommunityAccess } from './community-access';
import { postgresError, type PostgresErrorInfo } from './database-error';
import type { AuditAction, AuditEntity } from './entities/audit-entry.entity';

/** What a registry change records in the audit trail. */
export interface RegistryChange {
  readonly action: AuditAction;
  readonly entity: AuditEntity;
  readonly entityId: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** A registry list: its query, the column that names each row's member, and the view of a row. */
export interface RegistryList<E extends ObjectLiteral, V> {
  readonly query: (tx: TenantTransaction) => SelectQueryBuilder<E>;
  readonly visibleBy: string;
  readonly view: (row: E) => V;
}

/**
 * The steps every registry use case repeats (members, metering points, sources): a tenant transaction, the
 * caller's access (admins only for changes), paging of a list, the audit entry of a change and the mapping of
 * database errors to the feature's own exceptions.
 */
@Injectable()
export class RegistryUseCase {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
  ) {}

  /** Work any member of the community may ask for; the work narrows what the caller sees with `access`. */
  read<T>(
    caller: SessionClaims,
    communityId: string,
    work: (tx: TenantTransaction, access: Access) => Promise<T>,
  ): Promise<T> {
    return this.db.run(communityId, async (tx) => work(tx, await this.access.resolveIn(tx, caller)));
  }

  /** A change: administrators only, refused before the work runs. */
  change<T>(
    caller: SessionClaims,
    communityId: string,
    work: (tx: TenantTransaction, access: Access) => Promise<T>,
  ): Promise<T> {
    return this.read(caller, communityId, async (tx, access) => {
      this.access.requireAdmin(access);
      return work(tx, access);
    });
  }

  /**
   * One page of a registry list: the query `list.query` builds (filters and order), narrowed to the members the
   * caller may see through the member id column `list.visibleBy`, mapped to views. A caller who may see no member
   * gets an empty page without a query (an empty IN list).
   */
  page<E extends ObjectLiteral, V>(
    caller: SessionClaims,
    communityId: string,
    page: PageRequest,
    list: RegistryList<E, V>,
  ): Promise<Page<V>> {
    return this.read(caller, communityId, async (tx, access) => {
      const builder = list.query(tx);
      if (!this.access.restrictToVisibleMembers(access, builder, list.visibleBy)) return emptyPage(page);
      return pageOf(builder, page, list.view);
    });
  }

  /** The audit entry of a change, in the change's transaction. */
  record(tx: TenantTransaction, access: Access, change: RegistryChange): Promise<void> {
    return this.audit.recordIn(tx, { actorUserId: access.userId, ...change });
  }
}

/** One page of a list query, mapped to its views. */
export async function pageOf<E extends ObjectLiteral, V>(
  builder: SelectQueryBuilder<E>,
  page: PageRequest,
  view: (row: E) => V,
): Promise<Page<V>> {
  const [rows, total] = await builder.take(page.limit).skip(page.offset).getManyAndCount();
  return { items: rows.map(view), total, ...page };
}

/** An empty page, for a caller who may see nothing of the list. */
export function emptyPage<V>(page: PageRequest): Page<V> {
  return { items: [], total: 0, ...page };
}

/**
 * Runs a write and turns a database error into the feature's error where `map` knows it (a constraint that
 * stands for a rule: an overlap, a row still in use); anything else is rethrown as it is.
 */
export async function mappingDatabaseErrors<T>(
  write: () => Promise<T>,
  map: (info: PostgresErrorInfo) => Error | undefined,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const info = postgresError(error);
    const mapped = info === undefined ? undefined : map(info);
    throw mapped ?? error;
  }
}
