import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { eanWithCheckDigit } from '@sdilna/shared/domain-core';

import { SqlClient } from './sql-client.testing';

/**
 * The database's own lock, tested without the application: the RLS-bound role `sdilna_app` sees and changes
 * nothing outside a tenant context, and only its tenant inside one.
 */
const REGISTRY_TABLES = [
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
  'sharing_group_iteration_periods',
  'audit_log',
] as const;

function randomEan(): string {
  return eanWithCheckDigit(`8591824${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`);
}

/** One community with a row in every registry table, written as the owner inside that tenant's context. */
async function seedCommunity(owner: SqlClient, userId: string): Promise<string> {
  const communityId = randomUUID();
  const groupId = randomUUID();
  const memberId = randomUUID();
  const producer = randomUUID();
  const consumer = randomUUID();
  const keyId = randomUUID();
  await owner.query('BEGIN');
  await owner.query(`SELECT set_config('app.community_id', $1, true)`, [communityId]);
  await owner.query(
    `INSERT INTO communities (community_id, type, name) VALUES ($1, 'energy-community', 'RLS test')`,
    [communityId],
  );
  await owner.query(`INSERT INTO sharing_groups (community_id, id, name) VALUES ($1, $2, 'Group')`, [
    communityId,
    groupId,
  ]);
  await owner.query(
    `INSERT INTO members (community_id, id, kind, name, joined_on) VALUES ($1, $2, 'household', 'Member', '2026-01-01')`,
    [communityId, memberId],
  );
  await owner.query(
    `INSERT INTO memberships (community_id, user_id, role, member_id) VALUES ($1, $2, 'member', $3)`,
    [communityId, userId, memberId],
  );
  await owner.query(
    `INSERT INTO invitations (community_id, email, role, member_id, token_hash, expires_at) VALUES ($1, 'x@example.cz', 'member', $2, '\\x00', now() + interval '1 day')`,
    [communityId, memberId],
  );
  for (const [id, role] of [
    [producer, 'production'],
    [consumer, 'consumption'],
  ] as const) {
    await owner.query(
      `INSERT INTO metering_points (community_id, id, ean, role, member_id, sharing_group_id, valid_from) VALUES ($1, $2, $3, $4, $5, $6, '2026-01-01')`,
      [communityId, id, randomEan(), role, memberId, groupId],
    );
  }
  await owner.query(
    `INSERT INTO metering_point_prices (community_id, metering_point_id, kind, price_centi_halere_per_kwh, valid_from) VALUES ($1, $2, 'supplier-energy', 65000, '2026-01-01')`,
    [communityId, consumer],
  );
  await owner.query(
    `INSERT INTO generation_sources (community_id, name, kind, installed_kw, metering_point_id) VALUES ($1, 'FVE', 'pv', 10, $2)`,
    [communityId, producer],
  );
  await owner.query(
    `INSERT INTO allocation_keys (community_id, id, sharing_group_id, valid_from, method) VALUES ($1, $2, $3, '2026-01-01', 'static')`,
    [communityId, keyId, groupId],
  );
  await owner.query(
    `INSERT INTO allocation_key_pairs (community_id, key_id, producer_point_id, consumer_point_id, basis_points) VALUES ($1, $2, $3, $4, 5000)`,
    [communityId, keyId, producer, consumer],
  );
  await owner.query(
    `INSERT INTO sharing_group_iteration_periods (community_id, sharing_group_id, valid_from, requested) VALUES ($1, $2, '2026-01-01', true)`,
    [communityId, groupId],
  );
  await owner.query(
    `INSERT INTO audit_log (community_id, action, entity, entity_id) VALUES ($1, 'create', 'community', $2)`,
    [communityId, communityId],
  );
  await owner.query('COMMIT');
  return communityId;
}

async function countAs(client: SqlClient, table: string): Promise<number> {
  const result = await client.query<{ count: string }>(`SELECT count(*) FROM ${table}`);
  return Number(result.rows[0]?.count);
}

describe('row-level security for the application role', () => {
  const owner = new SqlClient(process.env['MIGRATION_DATABASE_URL']);
  const app = new SqlClient(process.env['DATABASE_URL']);
  const userId = randomUUID();
  let first = '';
  let second = '';
  let tenantTables: string[] = [];

  beforeAll(async () => {
    await owner.connect();
    await app.connect();
    await owner.query(`INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'RLS', 'x')`, [
      userId,
      `rls-${userId}@example.cz`,
    ]);
    first = await seedCommunity(owner, userId);
    second = await seedCommunity(owner, userId);
    const tables = await owner.query<{ table: string }>(`
      SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relrowsecurity
         AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'community_id')
       ORDER BY 1`);
    tenantTables = tables.rows.map((row) => row.table);
  });

  afterAll(async () => {
    await app.end();
    await owner.end();
  });

  it('runs as a role that is neither superuser nor exempt from row-level security', async () => {
    const result = await app.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );
    expect(result.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('reads zero rows from every tenant table outside a tenant context', async () => {
    expect(tenantTables).toEqual(expect.arrayContaining([...REGISTRY_TABLES]));
    for (const table of tenantTables) expect(await countAs(app, table), table).toBe(0);
    // The rows exist: the owner seeded one community per call with a row in every registry table.
    for (const table of REGISTRY_TABLES) {
      await owner.query('BEGIN');
      await owner.query(`SELECT set_config('app.community_id', $1, true)`, [first]);
      expect(await countAs(owner, table), table).toBeGreaterThan(0);
      await owner.query('COMMIT');
    }
  });

  it('changes nothing outside a tenant context', async () => {
    for (const table of tenantTables) {
      if (table === 'audit_log') continue;
      const updated = await app.query(`UPDATE ${table} SET community_id = community_id`);
      expect(updated.rowCount, table).toBe(0);
      const deleted = await app.query(`DELETE FROM ${table}`);
      expect(deleted.rowCount, table).toBe(0);
    }
    await expect(
      app.query(
        `INSERT INTO communities (community_id, type, name) VALUES ($1, 'active-customer', 'Intruder')`,
        [randomUUID()],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      app.query(
        `INSERT INTO members (community_id, kind, name, joined_on) VALUES ($1, 'household', 'Intruder', '2026-01-01')`,
        [first],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      app.query(
        `INSERT INTO audit_log (community_id, action, entity, entity_id) VALUES ($1, 'create', 'x', 'x')`,
        [first],
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('sees exactly its own tenant inside a tenant context and cannot write into another', async () => {
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('app.community_id', $1, true)`, [first]);
      for (const table of REGISTRY_TABLES) {
        const rows = await app.query<{ community_id: string }>(`SELECT DISTINCT community_id FROM ${table}`);
        expect(
          rows.rows.map((row) => row.community_id),
          table,
        ).toEqual([first]);
      }
      await expect(
        app.query(
          `INSERT INTO members (community_id, kind, name, joined_on) VALUES ($1, 'household', 'Intruder', '2026-01-01')`,
          [second],
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it('cannot change or delete the audit log, even in its own tenant', async () => {
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('app.community_id', $1, true)`, [first]);
      await expect(app.query(`UPDATE audit_log SET entity = 'forged'`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it('shows a user context only that user’s memberships and communities', async () => {
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('app.user_id', $1, true)`, [userId]);
      const memberships = await app.query<{ community_id: string }>(
        `SELECT community_id FROM memberships ORDER BY community_id`,
      );
      expect(memberships.rows.map((row) => row.community_id)).toEqual([first, second].sort());
      expect(await countAs(app, 'communities')).toBe(2);
      expect(await countAs(app, 'members')).toBe(0);
      await app.query(`SELECT set_config('app.user_id', $1, true)`, [randomUUID()]);
      expect(await countAs(app, 'memberships')).toBe(0);
      expect(await countAs(app, 'communities')).toBe(0);
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it('answers the cross-community EAN question without revealing the holder', async () => {
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('app.community_id', $1, true)`, [second]);
      const own = await app.query<{ ean: string }>(`SELECT ean FROM metering_points LIMIT 1`);
      const ean = own.rows[0]?.ean ?? '';
      const fromFirst = await app.query<{ taken: boolean }>(
        `SELECT ean_in_use_elsewhere($1, $2, '2026-01-01', NULL) AS taken`,
        [ean, first],
      );
      expect(fromFirst.rows[0]?.taken).toBe(true);
      const fromOwner = await app.query<{ taken: boolean }>(
        `SELECT ean_in_use_elsewhere($1, $2, '2026-01-01', NULL) AS taken`,
        [ean, second],
      );
      expect(fromOwner.rows[0]?.taken).toBe(false);
      await expect(app.query(`SELECT * FROM ean_claims`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it('lets the one-statement reads bind only their own statement to the tenant, for a live session', async () => {
    const session = await owner.query<{ id: string }>(
      `INSERT INTO sessions (user_id) VALUES ($1) RETURNING id`,
      [userId],
    );
    const sessionId = session.rows[0]?.id as string;
    const summary = () =>
      app.query<{ session_alive: boolean; id: string | null; roles: string[]; points: unknown[] | null }>(
        `SELECT session_alive, id, roles, points FROM member_day_totals($1, $2, $3, '2026-01-01', '2026-01-31', '{1,2}', NULL)`,
        [first, userId, sessionId],
      );
    const live = (await summary()).rows[0];
    expect(live).toMatchObject({ session_alive: true, id: first, roles: ['member'] });
    expect(live?.points).toHaveLength(2);
    const overview = await app.query<{ id: string; groups: unknown[] | null }>(
      `SELECT id, groups FROM group_period_totals($1, $2, $3, '2026-01-01', '2026-01-31', 1::int2)`,
      [second, userId, sessionId],
    );
    expect(overview.rows[0]).toEqual({ id: second, groups: [] });

    // The pooled connection carries no tenant afterwards: RLS hides every tenant row again.
    const setting = await app.query<{ value: string }>(
      `SELECT current_setting('app.community_id', true) AS value`,
    );
    expect(setting.rows[0]?.value ?? '').toBe('');
    for (const table of tenantTables) expect(await countAs(app, table), table).toBe(0);

    // A session presented with another user's id is no session; a live user who is not a member gets no points.
    const forged = await app.query<{ session_alive: boolean; points: unknown[] | null }>(
      `SELECT session_alive, points FROM member_day_totals($1, $2, $3, '2026-01-01', '2026-01-31', '{1,2}', NULL)`,
      [first, randomUUID(), sessionId],
    );
    expect(forged.rows[0]).toEqual({ session_alive: false, points: null });
    const outsider = randomUUID();
    await owner.query(`INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Outsider', 'x')`, [
      outsider,
      `outsider-${outsider}@example.cz`,
    ]);
    const outsiderSession = await owner.query<{ id: string }>(
      `INSERT INTO sessions (user_id) VALUES ($1) RETURNING id`,
      [outsider],
    );
    const notMember = await app.query<{
      session_alive: boolean;
      id: string;
      roles: string[];
      points: unknown[];
    }>(
      `SELECT session_alive, id, roles, points FROM member_day_totals($1, $2, $3, '2026-01-01', '2026-01-31', '{1,2}', NULL)`,
      [first, outsider, outsiderSession.rows[0]?.id],
    );
    expect(notMember.rows[0]).toEqual({ session_alive: true, id: first, roles: [], points: [] });

    await owner.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1`, [
      sessionId,
    ]);
    expect((await summary()).rows[0]).toMatchObject({ session_alive: false, points: null });
  });
});
