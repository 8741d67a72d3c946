import { EntityManager, type DataSource, type QueryRunner } from 'typeorm';

/**
 * One transaction bound to one community: `app.community_id` is set for it, so row-level security filters
 * every read to that tenant and its `WITH CHECK` refuses a write into another. Stores are constructed from it
 * and take no community id; their SQL carries no tenant predicate (reads are filtered by the policy) and
 * their inserts take `community_id` from `communityId`.
 */
export interface TenantTransaction {
  /** The community the transaction is bound to (a checked UUID). */
  readonly communityId: string;
  /** The transaction's TypeORM manager, for repositories and query builders. */
  readonly manager: EntityManager;
  /** A raw query inside the transaction; SELECT answers its rows. */
  query<Row>(sql: string, parameters?: readonly unknown[]): Promise<Row[]>;
  /** The store of this class bound to this transaction, constructed once per transaction. */
  store<S>(type: TenantStoreClass<S>): S;
}

/** A store: a plain class constructed with the transaction it works in. */
export type TenantStoreClass<S> = new (tx: TenantTransaction) => S;

/**
 * What `TenantDatabase.run` hands to its work as a `TenantTransaction`: the transaction's manager, which is its
 * own `manager`.
 */
export class TenantBoundManager extends EntityManager implements TenantTransaction {
  private readonly stores = new Map<TenantStoreClass<unknown>, unknown>();

  constructor(
    dataSource: DataSource,
    queryRunner: QueryRunner,
    readonly communityId: string,
  ) {
    super(dataSource, queryRunner);
  }

  get manager(): EntityManager {
    return this;
  }

  store<S>(type: TenantStoreClass<S>): S {
    let store = this.stores.get(type) as S | undefined;
    if (store === undefined) {
      store = new type(this);
      this.stores.set(type, store);
    }
    return store;
  }
}
