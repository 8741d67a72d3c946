import { randomBytes, randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MIGRATIONS } from '@sdilna/migrations';

import { dropDatabase, ensureDatabase, revertMigrations, runMigrations } from './migrate';

/** Migrations 1796000000000–1796000200000: existing keys' rounds become the groups' requests for iteration. */
describe('migrating keys with rounds to requests for iteration', () => {
  const url = new URL(process.env['MIGRATION_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/sdilna_iteration_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const scratch = url.toString();
  const before = MIGRATIONS.findIndex((migration) => new migration().name.endsWith('1796000000000'));
  const community = randomUUID();
  const [iterative, plain, later] = [randomUUID(), randomUUID(), randomUUID()];

  async function query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const source = new DataSource({ type: 'postgres', url: scratch, logging: ['error'] });
    await source.initialize();
    try {
      return (await source.query(sql, parameters)) as T[];
    } finally {
      await source.destroy();
    }
  }

  beforeAll(async () => {
    await ensureDatabase(scratch);
    expect(before).toBeGreaterThan(0);
    await runMigrations(scratch, MIGRATIONS.slice(0, before));
    await query(`INSERT INTO communities (community_id, type, name) VALUES ($1, 'energy-community', 'Old')`, [
      community,
    ]);
    for (const group of [iterative, plain, later])
      await query(`INSERT INTO sharing_groups (community_id, id, name) VALUES ($1, $2, $3)`, [
        community,
        group,
        group.slice(0, 8),
      ]);
    const key = (group: string, from: string, to: string | null, method: string, rounds: number) =>
      query(
        `INSERT INTO allocation_keys (community_id, sharing_group_id, valid_from, valid_to, method, rounds)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [community, group, from, to, method, rounds],
      );
    await key(iterative, '2026-01-01', '2026-02-28', 'static-iterative', 5);
    await key(iterative, '2026-03-01', null, 'static-iterative', 3);
    await key(plain, '2026-01-01', null, 'static', 1);
    await key(later, '2026-01-01', '2026-04-30', 'static', 1);
    await key(later, '2026-05-01', null, 'static-iterative', 5);
  });

  afterAll(async () => {
    await dropDatabase(scratch);
  });

  it('gives a group with static-iterative keys "requested" from the first one, and drops the rounds', async () => {
    await runMigrations(scratch);
    const periods = await query<{
      sharing_group_id: string;
      from: string;
      to: string | null;
      requested: boolean;
    }>(
      `SELECT sharing_group_id, valid_from::text AS from, valid_to::text AS to, requested
         FROM sharing_group_iteration_periods ORDER BY valid_from`,
    );
    expect(periods).toEqual([
      { sharing_group_id: iterative, from: '2026-01-01', to: null, requested: true },
      { sharing_group_id: later, from: '2026-05-01', to: null, requested: true },
    ]);
    const columns = await query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'allocation_keys'`,
    );
    expect(columns.map((column) => column.column_name)).not.toContain('rounds');
  });

  it('reverts to keys with rounds (5 for static-iterative, as the engine ran them) and no periods', async () => {
    // Back to before 1796000000000 (later migrations of the list go first).
    const reverted = await revertMigrations(scratch, MIGRATIONS.length - before);
    expect(reverted.slice(-3)).toEqual([
      'DropRoundsOfAllocationKeys1796000200000',
      'BackfillIterationRequestsFromIterativeKeys1796000100000',
      'RecordIterationRequestsOfSharingGroups1796000000000',
    ]);
    const keys = await query<{ method: string; rounds: number }>(
      `SELECT method, rounds FROM allocation_keys ORDER BY sharing_group_id, valid_from`,
    );
    expect(keys.every((key) => key.rounds === (key.method === 'static-iterative' ? 5 : 1))).toBe(true);
    const tables = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'sharing_group_iteration_periods'`,
    );
    expect(tables[0]?.n).toBe(0);
  });
});
