import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from './tenant-database';
import type { TenantTransaction } from './tenant-transaction';

/** A store as features write them: no community id argument, no tenant predicate in its SQL. */
class GroupNames {
  constructor(private readonly tx: TenantTransaction) {}

  async add(name: string): Promise<string> {
    const id = randomUUID();
    await this.tx.query(`INSERT INTO sharing_groups (community_id, id, name) VALUES ($1, $2, $3)`, [
      this.tx.communityId,
      id,
      name,
    ]);
    return id;
  }

  async all(): Promise<string[]> {
    const rows = await this.tx.query<{ name: string }>(`SELECT name FROM sharing_groups ORDER BY name`);
    return rows.map((row) => row.name);
  }

  async rename(id: string, name: string): Promise<void> {
    await this.tx.query(`UPDATE sharing_groups SET name = $2 WHERE id = $1`, [id, name]);
  }

  /** A write into another community: the policy's WITH CHECK must refuse it. */
  async addTo(communityId: string, name: string): Promise<void> {
    await this.tx.query(`INSERT INTO sharing_groups (community_id, id, name) VALUES ($1, $2, $3)`, [
      communityId,
      randomUUID(),
      name,
    ]);
  }
}

/** Tenant-bound transactions against the real schema, as the RLS-bound application role. */
describe('TenantDatabase.run hands out tenant-bound stores', () => {
  let app: DataSource;
  let db: TenantDatabase;
  const [first, second] = [randomUUID(), randomUUID()];
  let firstGroup = '';

  beforeAll(async () => {
    app = new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'], logging: ['error'] });
    await app.initialize();
    db = new TenantDatabase(app);
    for (const [id, name] of [
      [first, 'First'],
      [second, 'Second'],
    ] as const) {
      await db.run(id, (tx) =>
        tx.query(`INSERT INTO communities (community_id, type, name) VALUES ($1, 'energy-community', $2)`, [
          id,
          name,
        ]),
      );
    }
    firstGroup = await db.run(first, (tx) => tx.store(GroupNames).add('A of first'));
    await db.run(second, (tx) => tx.store(GroupNames).add('B of second'));
  });

  afterAll(async () => {
    await app.destroy();
  });

  it('binds the transaction to the community it was opened for', async () => {
    await db.run(first, async (tx) => {
      expect(tx.communityId).toBe(first);
      const [row] = await tx.query<{ setting: string }>(
        `SELECT current_setting('app.community_id') AS setting`,
      );
      expect(row?.setting).toBe(first);
    });
  });

  it('constructs each store once per transaction and anew for the next one', async () => {
    const seen: GroupNames[] = [];
    await db.run(first, async (tx) => {
      seen.push(tx.store(GroupNames), tx.store(GroupNames));
    });
    await db.run(first, async (tx) => {
      seen.push(tx.store(GroupNames));
    });
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).not.toBe(seen[0]);
  });

  it('lets a store without a tenant predicate read only its own community', async () => {
    expect(await db.run(first, (tx) => tx.store(GroupNames).all())).toEqual(['A of first']);
    expect(await db.run(second, (tx) => tx.store(GroupNames).all())).toEqual(['B of second']);
  });

  it("changes nothing of another community through an id of that community's row", async () => {
    await db.run(second, (tx) => tx.store(GroupNames).rename(firstGroup, 'renamed by second'));
    expect(await db.run(first, (tx) => tx.store(GroupNames).all())).toEqual(['A of first']);
  });

  it('refuses an insert into another community', async () => {
    await expect(db.run(first, (tx) => tx.store(GroupNames).addTo(second, 'smuggled'))).rejects.toThrow(
      /row-level security/,
    );
    expect(await db.run(second, (tx) => tx.store(GroupNames).all())).toEqual(['B of second']);
  });
});
