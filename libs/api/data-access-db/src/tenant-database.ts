import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type QueryRunner } from 'typeorm';

import { isUuid } from '@sdilna/api/util-auth';

import {
  type NamedQueryPool,
  type PreparedStatement,
  runPrepared,
  runPreparedOnPool,
} from './prepared-statement';
import { TenantBoundManager, type TenantTransaction } from './tenant-transaction';

type PlainQuery = (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;

/**
 * Runs work inside one transaction bound to one community. `app.community_id` is set transaction-locally,
 * so row-level security sees only that tenant and the setting cannot leak to the next user of the pooled
 * connection. The tenant is an explicit argument, never read from a global (architecture.md section 3).
 */
@Injectable()
export class TenantDatabase {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Work in one transaction bound to `communityId`: `tx.store(SomeStore)` hands out stores bound to it,
   * `tx.query` runs raw SQL inside it; row-level security filters every row to the community.
   */
  async run<T>(communityId: string, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    // An empty id would let TypeORM drop the condition and run an unscoped query.
    requireUuid('TenantDatabase.run needs a community id', communityId);
    return this.transactionWith<TenantBoundManager, T>(
      'app.community_id',
      communityId,
      (runner) => new TenantBoundManager(this.dataSource, runner, communityId),
      work,
    );
  }

  /**
   * Work across the communities of one user (their memberships and communities, for `GET /api/me`): the
   * policies `own_memberships` and `communities_of_user` match `app.user_id`, set from a verified token only.
   */
  async runForUser<T>(userId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    requireUuid('TenantDatabase.runForUser needs a user id', userId);
    return this.transactionWith('app.user_id', userId, (runner) => runner.manager, work);
  }

  /** Work that is not tenant-owned (users, sessions, the rules table); RLS still hides every tenant row. */
  async runGlobal<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * One prepared statement that is not tenant-owned, in a single round trip without a transaction of its own
   * (the per-request session check). No tenant or user setting is in effect, so RLS hides every tenant row.
   * It goes to the driver's `pg` pool directly, not through a TypeORM query runner: a statement outside a
   * transaction needs none of the runner's bookkeeping, which cost the hot reads about a tenth of their CPU.
   */
  async queryGlobal<T>(statement: PreparedStatement, parameters: readonly unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { master?: NamedQueryPool }).master;
    if (pool === undefined) {
      const runner = this.dataSource.createQueryRunner();
      try {
        return await runPrepared<T>(runner, statement, parameters);
      } finally {
        await runner.release();
      }
    }
    return runPreparedOnPool<T>(pool, statement, parameters);
  }

  /**
   * One call of a function that binds its own statement to the tenant (`member_day_totals`,
   * `group_period_totals`): the community is its first argument, checked like `run`'s, and the function sets
   * `app.community_id` transaction-locally for the implicit transaction of that one statement. One round trip
   * instead of a transaction's four, for the reads every page load makes.
   */
  async callTenantFunction<T>(
    communityId: string,
    statement: PreparedStatement,
    parameters: readonly unknown[],
  ): Promise<T[]> {
    requireUuid('TenantDatabase.callTenantFunction needs a community id', communityId);
    return this.queryGlobal<T>(statement, [communityId, ...parameters]);
  }

  /**
   * A TypeORM transaction whose START TRANSACTION carries the transaction-local setting in the same
   * simple-protocol message, so every request saves a round trip. `value` is a checked UUID, so it can be
   * written as a literal. Should TypeORM ever start transactions with another statement, the setting is made
   * with a query of its own before the work runs, so a transaction never runs without it.
   */
  private async transactionWith<M extends EntityManager, T>(
    setting: 'app.community_id' | 'app.user_id',
    value: string,
    managerOf: (runner: QueryRunner) => M,
    work: (manager: M) => Promise<T>,
  ): Promise<T> {
    requireUuid(`TenantDatabase sets ${setting} only to a checked id`, value);
    const setConfig = `SELECT set_config('${setting}', '${value}', true)`;
    const runner = this.dataSource.createQueryRunner();
    const plain = runner.query.bind(runner) as PlainQuery;
    let set = false;
    const startWithSetting: PlainQuery = (sql, parameters, structured) => {
      if (!set && sql === 'START TRANSACTION' && parameters === undefined) {
        set = true;
        return plain(`START TRANSACTION; ${setConfig}`);
      }
      return plain(sql, parameters, structured);
    };
    runner.query = startWithSetting as QueryRunner['query'];
    // Constructing the manager with the runner makes it the runner's manager, the one the transaction uses.
    const manager = managerOf(runner);
    try {
      return await manager.transaction(async () => {
        runner.query = plain as QueryRunner['query'];
        if (!set) await plain(setConfig);
        return work(manager);
      });
    } finally {
      await runner.release();
    }
  }
}

function requireUuid(what: string, value: unknown): void {
  if (!isUuid(value)) throw new Error(`${what} (UUID), got ${JSON.stringify(value)}`);
}
