import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';

import { MembersModule, MembersService } from '@sdilna/api/feature-members';
import { withOwner } from '@sdilna/test-support/owner-database';
import {
  memberPrincipal,
  ownerRows,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';
import { uniqueEan } from '@sdilna/test-support/factories';

import { EXPORT_EXCLUDED, personColumnKind } from './person-tables';
import { PrivacyModule } from './privacy.module';
import { PrivacyService } from './privacy.service';

async function asOwner(communityId: string, sql: string, parameters: unknown[]): Promise<void> {
  await withOwner(async (connection) => {
    await connection.query('BEGIN');
    await connection.query(`SELECT set_config('app.community_id', $1, true)`, [communityId]);
    await connection.query(sql, parameters);
    await connection.query('COMMIT');
  });
}

/**
 * The tables that hold a person's data, read from the catalog as the schema owner, independently of the export's
 * own patterns: every table with a foreign key to members, users or metering points, or a column the export
 * would take for a person column. A table added later is checked by the export test without a change here.
 */
async function tablesWithPersonData(): Promise<Map<string, string[]>> {
  const rows = await ownerRows<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(k.conkey)
      WHERE k.contype = 'f' AND n.nspname = 'public' AND NOT c.relispartition
        AND k.confrelid IN ('members'::regclass, 'users'::regclass, 'metering_points'::regclass)
        AND a.attname <> 'community_id'
     UNION
     SELECT c.relname, a.attname
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0
        AND NOT a.attisdropped AND a.attname ~ '(member|user|point)_id$|^(buyer|seller)_id$|_by$'`,
  );
  const tables = new Map<string, string[]>();
  for (const { table, column } of rows) tables.set(table, [...(tables.get(table) ?? []), column]);
  return tables;
}

describe('PrivacyService: consents, the download of a member\u2019s data and erasure', () => {
  const frame = useServiceModule(PrivacyModule, MembersModule);
  let moduleRef: TestingModule;
  let admin: SignedUp;
  let privacy: PrivacyService;
  let members: MembersService;

  beforeAll(() => {
    ({ moduleRef, admin } = frame);
    privacy = moduleRef.get(PrivacyService);
    members = moduleRef.get(MembersService);
  });

  /** A member with a login, a point, a consent and an invitation, all named by a unique name and e-mail. */
  async function person(): Promise<{ memberId: string; name: string; email: string; pointId: string }> {
    const tag = randomUUID().slice(0, 8);
    const name = `Jana Nováková ${tag}`;
    const email = `jana-${tag}@example.cz`;
    const member = await members.create(admin.principal, admin.communityId, {
      name,
      kind: 'household',
      email,
      joinedOn: '2025-01-01',
    });
    const pointId = randomUUID();
    await asOwner(
      admin.communityId,
      `INSERT INTO metering_points (community_id, id, ean, role, member_id, sharing_group_id, valid_from)
       VALUES ($1, $2, $3, 'consumption', $4, $5, '2025-01-01')`,
      [admin.communityId, pointId, uniqueEan(), member.id, admin.groupId],
    );
    await asOwner(
      admin.communityId,
      `INSERT INTO invitations (community_id, email, role, member_id, token_hash, expires_at)
       VALUES ($1, $2, 'member', $3, '\\x00', now() + interval '1 day')`,
      [admin.communityId, email, member.id],
    );
    await privacy.recordConsent(admin.principal, admin.communityId, member.id, 'data-processing', true);
    return { memberId: member.id, name, email, pointId };
  }

  it('records consents with the terms version and time; the newest statement of a kind is the current one', async () => {
    const { memberId } = await person();
    const login = await memberPrincipal(moduleRef, admin.communityId, memberId);
    await privacy.recordConsent(login, admin.communityId, memberId, 'email', true);
    const view = await privacy.recordConsent(login, admin.communityId, memberId, 'email', false);
    expect(view.current).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'data-processing',
          granted: true,
          source: 'admin',
          version: '2026-12-01',
        }),
        expect.objectContaining({ kind: 'email', granted: false, source: 'portal' }),
      ]),
    );
    expect(view.history.filter((consent) => consent.kind === 'email')).toHaveLength(2);
    // Another member's consents are not the login's business.
    const other = await person();
    await expect(privacy.consents(login, admin.communityId, other.memberId)).rejects.toMatchObject({
      code: 'MEMBER_NOT_FOUND',
    });
  });

  it('exports every table that holds the member\u2019s data, as JSON and CSV in one ZIP', async () => {
    const { memberId, name, pointId } = await person();
    const login = await memberPrincipal(moduleRef, admin.communityId, memberId);
    const { zip, fileName } = await privacy.export(login, admin.communityId, memberId);
    expect(fileName).toBe(`personal-data-${memberId}.zip`);
    const files = unzipSync(zip);
    const data = JSON.parse(strFromU8(files['data.json'] ?? new Uint8Array())) as {
      tables: Record<string, Array<Record<string, unknown>>>;
    };
    // Every table with a person column, found through the catalog: exported, or left out for a stated reason.
    const missing = [...(await tablesWithPersonData()).keys()].filter(
      (table) => !(table in data.tables) && !(table in EXPORT_EXCLUDED),
    );
    expect(missing).toEqual([]);
    // ... and every person column of them is one the export reads.
    for (const [table, columns] of await tablesWithPersonData()) {
      if (table in EXPORT_EXCLUDED) continue;
      for (const column of columns)
        if (!['parent_member_id', 'superseded_by'].includes(column))
          expect(personColumnKind(column), `${table}.${column}`).toBeDefined();
    }
    for (const table of Object.keys(data.tables)) expect(files[`tables/${table}.csv`]).toBeDefined();
    expect(data.tables['members']).toEqual([expect.objectContaining({ id: memberId, name })]);
    expect(data.tables['metering_points']).toEqual([expect.objectContaining({ id: pointId })]);
    expect(data.tables['consents']).toEqual([expect.objectContaining({ kind: 'data-processing' })]);
    expect(data.tables['memberships']).toEqual([expect.objectContaining({ user_id: login.userId })]);
    expect(data.tables['users']).toEqual([expect.objectContaining({ id: login.userId })]);
    expect(data.tables['users']?.[0]).not.toHaveProperty('password_hash');
    expect(data.tables['audit_log']?.some((entry) => entry['entity_id'] === memberId)).toBe(true);
    expect(strFromU8(files['tables/members.csv'] ?? new Uint8Array())).toContain(name);
    // Nobody else's rows: the admin's own member of the fixture is not in it.
    expect(JSON.stringify(data.tables['metering_points'])).not.toContain(admin.principal.userId);
  });

  it('erases a member who has left: the person is unidentifiable, issued documents stay intact', async () => {
    const { memberId, name, email } = await person();
    const login = await memberPrincipal(moduleRef, admin.communityId, memberId);
    await expect(privacy.erase(admin.principal, admin.communityId, memberId)).rejects.toMatchObject({
      code: 'MEMBER_STILL_ACTIVE',
    });
    await members.update(admin.principal, admin.communityId, memberId, { leftOn: '2026-06-30' });
    // An issued invoice to the member, naming the member in its body.
    const runId = randomUUID();
    const documentId = randomUUID();
    await asOwner(
      admin.communityId,
      `INSERT INTO settlement_runs (community_id, id, period, period_from, period_to, status, compute_status)
       VALUES ($1, $2, '2026-05', '2026-05-01', '2026-05-31', 'final', 'done')`,
      [admin.communityId, runId],
    );
    await asOwner(
      admin.communityId,
      `INSERT INTO documents (community_id, id, run_id, kind, isdoc_type, issuer_id, series, year, sequence, number,
              variable_symbol, issue_date, due_date, period_from, period_to, seller_id, buyer_id, net, vat, gross, body)
       VALUES ($1, $2, $3, 'invoice', 1, 'community', 'FV', 2026, $4, $5, '2026001', '2026-06-05', '2026-06-19',
               '2026-05-01', '2026-05-31', 'community', $6, 100, 21, 121, $7::jsonb)`,
      [
        admin.communityId,
        documentId,
        runId,
        Math.floor(Math.random() * 1e6) + 1,
        `FV${documentId.slice(0, 8)}`,
        memberId,
        JSON.stringify({ buyer: { name, email } }),
      ],
    );
    const documentBefore = await ownerRows(`SELECT * FROM documents WHERE id = $1`, [documentId]);

    const erased = await privacy.erase(admin.principal, admin.communityId, memberId);
    expect(erased).toMatchObject({
      memberId,
      documentsKept: 1,
      retainedUntil: '2036-12-31',
      loginsErased: 0,
    });

    expect(await ownerRows(`SELECT * FROM documents WHERE id = $1`, [documentId])).toEqual(documentBefore);
    // Nowhere in the community's tables but the documents is the name or the e-mail left.
    const tables = await ownerRows<{ table: string }>(
      `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'community_id')
          AND c.relname <> 'documents'`,
    );
    const found: string[] = [];
    for (const { table } of tables) {
      const [row] = await ownerRows<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" t WHERE t::text ILIKE $1 OR t::text ILIKE $2`,
        [`%${name}%`, `%${email}%`],
      );
      if ((row?.n ?? 0) > 0) found.push(table);
    }
    expect(found).toEqual([]);
    // The login no longer reaches the member's data; the erasure is in the audit log without personal data.
    await expect(privacy.consents(login, admin.communityId, memberId)).rejects.toBeDefined();
    const [entry] = await ownerRows<{ after: Record<string, unknown> }>(
      `SELECT after FROM audit_log WHERE community_id = $1 AND action = 'erase' AND entity_id = $2`,
      [admin.communityId, memberId],
    );
    expect(entry?.after).toEqual({ documentsKept: 1, retainedUntil: '2036-12-31', loginsErased: 0 });
  });
});
