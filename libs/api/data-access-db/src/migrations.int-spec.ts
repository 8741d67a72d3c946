import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MIGRATIONS } from '@sdilna/migrations';

import { dropDatabase, ensureDatabase, revertMigrations, runMigrations } from './migrate';

/**
 * Functions of extensions are left out: `btree_gist` is created `IF NOT EXISTS` and stays when reverted, since
 * the database may have had it before and other schemas may use it.
 */
const NOT_FROM_AN_EXTENSION = `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`;

/**
 * What the migrations make of the public schema, read from the catalog: tables and columns, constraints, indexes,
 * functions, triggers, policies, row-level security and the application role's privileges. Two databases with
 * the same schema give the same text.
 */
const SCHEMA_PARTS: Readonly<Record<string, string>> = {
  columns: `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
                   coalesce(column_default, '') AS line
              FROM information_schema.columns WHERE table_schema = 'public'`,
  constraints: `SELECT c.conrelid::regclass || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS line
                  FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'`,
  indexes: `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public'`,
  functions: `SELECT pg_get_functiondef(p.oid) AS line
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public' AND ${NOT_FROM_AN_EXTENSION}`,
  triggers: `SELECT pg_get_triggerdef(t.oid) AS line
               FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND NOT t.tgisinternal`,
  policies: `SELECT tablename || ' ' || policyname || ' ' || cmd || ' ' || coalesce(qual, '') || ' ' ||
                    coalesce(with_check, '') AS line
               FROM pg_policies WHERE schemaname = 'public'`,
  security: `SELECT c.relname || ' ' || c.relkind::text || ' rls=' || c.relrowsecurity || ' forced=' || c.relforcerowsecurity
                    AS line
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`,
  grants: `SELECT table_name || ' ' || privilege_type AS line
             FROM information_schema.role_table_grants
            WHERE table_schema = 'public' AND grantee = 'sdilna_app'`,
  routineGrants: `SELECT p.proname || ' ' || has_function_privilege('sdilna_app', p.oid, 'EXECUTE') AS line
                    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE n.nspname = 'public' AND ${NOT_FROM_AN_EXTENSION}`,
};

async function schemaOf(url: string): Promise<Record<string, string[]>> {
  const source = new DataSource({ type: 'postgres', url, logging: ['error'] });
  await source.initialize();
  try {
    const schema: Record<string, string[]> = {};
    for (const [part, sql] of Object.entries(SCHEMA_PARTS)) {
      const rows: Array<{ line: string }> = await source.query(sql);
      schema[part] = rows.map((row) => row.line).sort();
    }
    return schema;
  } finally {
    await source.destroy();
  }
}

/** Everything but the migrations' own bookkeeping table. */
function withoutBookkeeping(schema: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(schema).map(([part, lines]) => [
      part,
      lines.filter((line) => !/\bschema_migrations(_id_seq)?\b/.test(line)),
    ]),
  );
}

describe('migrations', () => {
  const url = new URL(process.env['MIGRATION_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/sdilna_migrations_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const scratch = url.toString();

  beforeAll(async () => {
    await ensureDatabase(scratch);
  });

  afterAll(async () => {
    await dropDatabase(scratch);
  });

  it('revert one by one, newest first, each to the schema before it was applied, and apply again', async () => {
    const names = MIGRATIONS.map((migration) => new migration().name);
    // The schema after each prefix of the list: before[k] has the first k migrations.
    const before = [withoutBookkeeping(await schemaOf(scratch))];
    for (let k = 1; k <= MIGRATIONS.length; k++) {
      expect(await runMigrations(scratch, MIGRATIONS.slice(0, k))).toEqual([names[k - 1]]);
      before.push(withoutBookkeeping(await schemaOf(scratch)));
    }
    expect(before.at(-1)?.['functions']?.some((line) => line.includes('public.live_session_user('))).toBe(
      true,
    );

    for (let k = MIGRATIONS.length; k >= 1; k--) {
      expect(await revertMigrations(scratch), `revert ${names[k - 1]}`).toEqual([names[k - 1]]);
      expect(withoutBookkeeping(await schemaOf(scratch)), `schema after reverting ${names[k - 1]}`).toEqual(
        before[k - 1],
      );
    }
    expect(await revertMigrations(scratch)).toEqual([]);

    expect(await runMigrations(scratch)).toEqual(names);
    expect(withoutBookkeeping(await schemaOf(scratch))).toEqual(before.at(-1));
  });
});
