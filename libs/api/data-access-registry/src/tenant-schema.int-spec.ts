import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SqlClient } from './sql-client.testing';

/**
 * The schema rules that make tenancy safe and Citus-ready (architecture.md sections 3 and 6), read from the
 * catalog so a table added later is checked too.
 */
const GLOBAL_TABLES_WITH_COMMUNITY_ID = new Set([
  // Cross-community lists read only through SECURITY DEFINER functions; the application role has no privilege
  // on them (checked below). A new entry here needs the same treatment.
  'ean_claims', // one EAN in one sharing group at a time, across communities
  'reading_communities', // communities with readings, for the nightly jobs (readings feature)
  'public_slugs', // the slugs of public pages, unique across communities (joining feature)
]);

interface TableRow {
  table: string;
  rls: boolean;
  forced: boolean;
}

describe('tenant schema', () => {
  const owner = new SqlClient(process.env['MIGRATION_DATABASE_URL']);
  let tenantTables: TableRow[] = [];

  beforeAll(async () => {
    await owner.connect();
    // Partitions are included: a partition read directly applies its own row-level security, not its parent's.
    const result = await owner.query<TableRow>(`
      SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
         AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'community_id' AND NOT a.attisdropped)
       ORDER BY 1`);
    tenantTables = result.rows.filter((row) => !GLOBAL_TABLES_WITH_COMMUNITY_ID.has(row.table));
  });

  afterAll(async () => {
    await owner.end();
  });

  it('finds the registry tables among the tenant tables', () => {
    const names = tenantTables.map((row) => row.table);
    for (const table of [
      'communities',
      'sharing_groups',
      'members',
      'memberships',
      'invitations',
      'metering_points',
      'metering_point_prices',
      'generation_sources',
      'allocation_keys',
      'allocation_key_pairs',
      'audit_log',
    ]) {
      expect(names).toContain(table);
    }
  });

  it('has community_id in the primary key of every tenant table', async () => {
    const result = await owner.query<{ table: string }>(
      `
      SELECT c.relname AS table
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relname = ANY($1)
         AND NOT EXISTS (
           SELECT 1 FROM pg_constraint k
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)
            WHERE k.conrelid = c.oid AND k.contype = 'p' AND a.attname = 'community_id')`,
      [tenantTables.map((row) => row.table)],
    );
    expect(result.rows.map((row) => row.table)).toEqual([]);
  });

  it('has community_id in every unique index and exclusion constraint of tenant tables', async () => {
    const result = await owner.query<{ index: string }>(
      `
      SELECT i.relname AS index
        FROM pg_index x
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'public' AND t.relname = ANY($1) AND (x.indisunique OR x.indisexclusion)
         AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum = ANY(x.indkey) AND a.attname = 'community_id')`,
      [tenantTables.map((row) => row.table)],
    );
    expect(result.rows.map((row) => row.index)).toEqual([]);
  });

  it('has no foreign key between tenant tables that leaves out community_id', async () => {
    const result = await owner.query<{ constraint: string }>(
      `
      SELECT k.conname AS constraint
        FROM pg_constraint k
        JOIN pg_class src ON src.oid = k.conrelid
        JOIN pg_class dst ON dst.oid = k.confrelid
       WHERE k.contype = 'f' AND src.relname = ANY($1) AND dst.relname = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey) AND a.attname = 'community_id')`,
      [tenantTables.map((row) => row.table)],
    );
    expect(result.rows.map((row) => row.constraint)).toEqual([]);
  });

  it('enables and forces row-level security with a community policy on every tenant table', async () => {
    expect(tenantTables.filter((row) => !row.rls || !row.forced).map((row) => row.table)).toEqual([]);
    const policies = await owner.query<{ table: string }>(
      `SELECT tablename AS table FROM pg_policies
        WHERE schemaname = 'public' AND cmd = 'ALL' AND qual LIKE '%app.community_id%' AND with_check LIKE '%app.community_id%'`,
    );
    const covered = new Set(policies.rows.map((row) => row.table));
    expect(tenantTables.map((row) => row.table).filter((table) => !covered.has(table))).toEqual([]);
  });

  it('reads every view with the reader’s rights, so the tables’ row-level security applies through it', async () => {
    // A view runs as its owner unless it is security_invoker, and the owner is not bound by row-level security:
    // such a view over a tenant table would show every community's rows to the application role.
    const result = await owner.query<{ view: string }>(
      `SELECT c.relname AS view
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'v'
          AND NOT coalesce('security_invoker=true' = ANY(c.reloptions), false)`,
    );
    expect(result.rows.map((row) => row.view)).toEqual([]);
    const views = await owner.query<{ view: string }>(
      `SELECT c.relname AS view FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'v'`,
    );
    expect(views.rows.map((row) => row.view)).toContain('readings');
  });

  it('gives the application role no privilege on the global tables that hold community ids', async () => {
    for (const table of GLOBAL_TABLES_WITH_COMMUNITY_ID) {
      const result = await owner.query<{ privilege: boolean }>(
        `SELECT has_table_privilege('sdilna_app', $1, 'SELECT, INSERT, UPDATE, DELETE') AS privilege`,
        [table],
      );
      expect(result.rows[0]?.privilege, table).toBe(false);
    }
  });
});
