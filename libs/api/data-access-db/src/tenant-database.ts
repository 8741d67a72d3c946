import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs work inside one transaction bound to one community. `app.community_id` is set transaction-locally,
 * so row-level security sees only that tenant and the setting cannot leak to the next user of the pooled
 * connection. The tenant is an explicit argument, never read from a global (architecture.md section 3).
 */
@Injectable()
export class TenantDatabase {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(communityId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (typeof communityId !== 'string' || !UUID.test(communityId)) {
      // An empty id would let TypeORM drop the condition and run an unscoped query.
      throw new Error(`TenantDatabase.run needs a community id (UUID), got ${JSON.stringify(communityId)}`);
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.community_id', $1, true)`, [communityId]);
      return work(manager);
    });
  }

  /**
   * Work across the communities of one user (their memberships and communities, for `GET /api/me`): the
   * policies `own_memberships` and `communities_of_user` match `app.user_id`, set from a verified token only.
   */
  async runForUser<T>(userId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (typeof userId !== 'string' || !UUID.test(userId)) {
      throw new Error(`TenantDatabase.runForUser needs a user id (UUID), got ${JSON.stringify(userId)}`);
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.user_id', $1, true)`, [userId]);
      return work(manager);
    });
  }

  /** Work that is not tenant-owned (users, sessions, the rules table); RLS still hides every tenant row. */
  async runGlobal<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
