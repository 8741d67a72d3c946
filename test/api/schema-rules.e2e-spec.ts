import type { QueryRunner } from 'typeorm';
import { describe, expect, it } from 'vitest';

import {
  emptyPackedDay,
  encodeLegacyPackedDayBuffer,
  encodePackedDayBuffer,
  type PackedDay,
} from '@sdilna/api/data-access-readings';
import { deltaFrameHelpers } from '@sdilna/migrations';

import { withOwner } from '../support/owner-database';

/**
 * The schema's rules for distributing tenants (docs/scaling.md): a tenant table is a table with a `community_id`
 * column. Its primary and unique keys include `community_id` (Citus distributes by it and enforces uniqueness
 * only within a shard), and no foreign key crosses tenants: a key that references a tenant table pairs
 * `community_id` with `community_id`. Partitions are checked through their parent.
 */
const BROKEN_RULES = `
  WITH tenant AS (
    SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attname = 'community_id' AND NOT a.attisdropped)
  )
  SELECT 'key' AS rule, t.relname AS "table", i.indexrelid::regclass::text AS what
    FROM tenant t JOIN pg_index i ON i.indrelid = t.oid
   WHERE (i.indisprimary OR i.indisunique OR i.indisexclusion)
     AND t.relname <> ALL($1::text[])
     AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey) AS k(attnum)
                       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                      WHERE a.attname = 'community_id')
  UNION ALL
  SELECT 'foreign key', con.conrelid::regclass::text, con.conname || ' -> ' || con.confrelid::regclass::text
    FROM pg_constraint con
   WHERE con.contype = 'f' AND con.confrelid IN (SELECT oid FROM tenant)
     AND NOT EXISTS (SELECT 1 FROM unnest(con.conkey, con.confkey) AS u(k, fk)
                       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = u.k
                       JOIN pg_attribute b ON b.attrelid = con.confrelid AND b.attnum = u.fk
                      WHERE a.attname = 'community_id' AND b.attname = 'community_id')
  ORDER BY 1, 2, 3`;

/**
 * The one deliberate cross-tenant rule: an EAN is claimed by one community at a time (`ean_claims`, an exclusion
 * constraint on ean and validity, kept by a trigger on metering_points). Distributed, it is a table keyed by ean
 * (a Citus reference table or one distributed by ean), checked on every registration: docs/scaling.md.
 */
const GLOBAL_BY_DESIGN = [
  'ean_claims',
  // A public page's slug is unique across communities (joining feature): read only through a SECURITY DEFINER
  // function; distributed, it is a reference table like ean_claims.
  'public_slugs',
];

async function brokenRules(connection: QueryRunner): Promise<string[]> {
  const rows = (await connection.query(BROKEN_RULES, [GLOBAL_BY_DESIGN])) as Array<{
    rule: string;
    table: string;
    what: string;
  }>;
  return rows.map((row) => `${row.rule}: ${row.table} ${row.what}`);
}

describe('schema rules for tenant distribution', () => {
  it('every tenant table keys by community_id and no foreign key crosses tenants', async () => {
    await withOwner(async (connection) => {
      const tenantTables = (await connection.query(
        `SELECT count(*)::int AS n FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
          WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
            AND NOT c.relispartition AND a.attname = 'community_id'`,
      )) as Array<{ n: number }>;
      expect(tenantTables[0]?.n).toBeGreaterThan(20);
      expect(await brokenRules(connection)).toEqual([]);
    });
  });

  it('finds a key without community_id and a foreign key across tenants', async () => {
    await withOwner(async (connection) => {
      await connection.startTransaction();
      try {
        await connection.query(
          `CREATE TABLE rule_probe (community_id uuid NOT NULL, id uuid PRIMARY KEY, code text,
             UNIQUE (community_id, code))`,
        );
        await connection.query(
          `CREATE TABLE rule_probe_slot (community_id uuid NOT NULL, slot int4range NOT NULL,
             PRIMARY KEY (community_id, slot), EXCLUDE USING gist (slot WITH &&))`,
        );
        await connection.query(
          `CREATE TABLE rule_probe_child (community_id uuid NOT NULL, probe_id uuid REFERENCES rule_probe (id),
             PRIMARY KEY (community_id, probe_id))`,
        );
        const broken = await brokenRules(connection);
        expect(broken).toContain('key: rule_probe rule_probe_pkey');
        expect(broken.some((line) => line.startsWith('foreign key: rule_probe_child'))).toBe(true);
        expect(broken.some((line) => line.includes('rule_probe_community_id_code_key'))).toBe(false);
        expect(broken.some((line) => line.startsWith('key: rule_probe_slot rule_probe_slot_slot_excl'))).toBe(
          true,
        );
      } finally {
        await connection.rollbackTransaction();
      }
    });
  });
});

describe('migration 1796720000000 converts stored days exactly as packed-day.ts writes them', () => {
  function day(cells: ReadonlyArray<number | undefined>): PackedDay {
    const result = emptyPackedDay(cells.length);
    cells.forEach((cell, i) => {
      if (cell !== undefined) {
        result.values[i] = cell;
        result.present[i] = 1;
      }
    });
    return result;
  }

  it('legacy → frame and frame → legacy, byte for byte', async () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const days: PackedDay[] = [
      day(new Array<number | undefined>(96).fill(0)),
      day(new Array<number | undefined>(92).fill(undefined)),
      day([2147483647, -2147483647, 0, undefined, 5, 5, 5, undefined, undefined, -1]),
      ...Array.from({ length: 20 }, (_, n) =>
        day(
          Array.from({ length: [92, 96, 100][n % 3] as number }, (_, i) =>
            next() < 0.05 ? undefined : i < 20 ? 0 : Math.floor(next() * (n % 2 === 0 ? 300 : 200_000)),
          ),
        ),
      ),
    ];
    await withOwner(async (connection) => {
      for (const statement of deltaFrameHelpers()) await connection.query(statement);
      for (const stored of days) {
        const legacy = encodeLegacyPackedDayBuffer(stored);
        const frame = encodePackedDayBuffer(stored);
        const [up] = (await connection.query(`SELECT pg_temp.legacy_to_frame($1) AS v`, [legacy])) as Array<{
          v: Buffer;
        }>;
        expect(up?.v.toString('hex')).toBe(frame.toString('hex'));
        const [down] = (await connection.query(`SELECT pg_temp.frame_to_legacy($1) AS v`, [frame])) as Array<{
          v: Buffer;
        }>;
        expect(down?.v.toString('hex')).toBe(legacy.toString('hex'));
      }
    });
  });
});
