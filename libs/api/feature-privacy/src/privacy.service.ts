import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { type Access, canSeeMember, RegistryUseCase } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { pragueToday } from '@sdilna/api/util-registry';
import {
  CONSENT_KINDS,
  type ConsentKind,
  type ConsentSource,
  CURRENT_TERMS_VERSIONS,
} from '@sdilna/shared/domain-core';

import { personTables } from './person-tables';
import { PrivacyException } from './privacy.exception';

/** VAT documents are kept 10 years from the end of the year they were issued in (zákon o DPH § 35). */
export const TAX_DOCUMENT_RETENTION_YEARS = 10;

/** The last day a document issued on `issueDate` must be kept. */
export function retainedUntil(issueDate: string): string {
  return `${Number(issueDate.slice(0, 4)) + TAX_DOCUMENT_RETENTION_YEARS}-12-31`;
}

/** The member's personal fields that erasure clears (and redacts from the audit log's snapshots). */
export const ERASED_MEMBER_FIELDS = ['name', 'email', 'phone', 'address', 'ico', 'dic', 'orp'] as const;

export interface ConsentView {
  readonly kind: ConsentKind;
  readonly granted: boolean;
  readonly version: string;
  readonly givenAt: string;
  readonly source: ConsentSource;
}

export interface ConsentsView {
  /** the newest statement of each kind; a kind never stated is absent */
  readonly current: ConsentView[];
  /** every statement, newest first */
  readonly history: ConsentView[];
  /** the terms version in force for each kind */
  readonly termsVersions: Readonly<Record<ConsentKind, string>>;
}

export interface ErasureView {
  readonly memberId: string;
  readonly erasedAt: string;
  /** issued tax documents of the member, kept intact for their retention period */
  readonly documentsKept: number;
  /** the last day the newest of them must be kept; null without documents */
  readonly retainedUntil: string | null;
  /** logins that belonged nowhere else and were anonymised */
  readonly loginsErased: number;
}

export interface PersonalDataExport {
  readonly fileName: string;
  readonly zip: Uint8Array;
}

type Row = Record<string, unknown>;

/**
 * Personal-data rights of a member (docs/privacy.md): consents with their terms version, the download of
 * everything stored about the member (JSON and CSV in one ZIP), and erasure that anonymises the person while the
 * issued tax documents stay intact for their retention period. Each step is audited.
 */
@Injectable()
export class PrivacyService {
  constructor(private readonly registry: RegistryUseCase) {}

  async consents(principal: Principal, communityId: string, memberId: string): Promise<ConsentsView> {
    return this.registry.read(principal, communityId, async (tx, access) => {
      await requireMember(tx, access, memberId);
      const history = await readConsents(tx, memberId);
      const current = CONSENT_KINDS.flatMap((kind) => {
        const newest = history.find((consent) => consent.kind === kind);
        return newest ? [newest] : [];
      });
      return { current, history, termsVersions: CURRENT_TERMS_VERSIONS };
    });
  }

  /**
   * Records that the member gives (`granted`) or withdraws a consent, to the terms in force: the member itself
   * in the portal, or an administrator (from a signed form).
   */
  async recordConsent(
    principal: Principal,
    communityId: string,
    memberId: string,
    kind: ConsentKind,
    granted: boolean,
  ): Promise<ConsentsView> {
    await this.registry.read(principal, communityId, async (tx, access) => {
      await requireMember(tx, access, memberId);
      const source: ConsentSource = access.isAdmin ? 'admin' : 'portal';
      const version = CURRENT_TERMS_VERSIONS[kind];
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO consents (community_id, member_id, kind, version, granted, given_at, source, recorded_by)
         VALUES ($1, $2, $3, $4, $5, now(), $6, $7) RETURNING id`,
        [tx.communityId, memberId, kind, version, granted, source, principal.userId],
      );
      await this.registry.record(tx, access, {
        action: 'create',
        entity: 'consent',
        entityId: row?.id ?? memberId,
        after: { memberId, kind, version, granted, source },
      });
    });
    return this.consents(principal, communityId, memberId);
  }

  /**
   * Everything the community stores about the member: its record, its logins, and every row of every table with
   * a person column (person-tables.ts) that names the member, one of its logins or one of its points. `data.json`
   * holds it all; `tables/<table>.csv` one table each. Binary values (packed readings) are base64.
   */
  async export(principal: Principal, communityId: string, memberId: string): Promise<PersonalDataExport> {
    return this.registry.read(principal, communityId, async (tx, access) => {
      const member = await requireMember(tx, access, memberId);
      const userIds = (
        await tx.query<{ user_id: string }>(`SELECT DISTINCT user_id FROM memberships WHERE member_id = $1`, [
          memberId,
        ])
      ).map((row) => row.user_id);
      const pointIds = (
        await tx.query<{ id: string }>(`SELECT id FROM metering_points WHERE member_id = $1`, [memberId])
      ).map((row) => row.id);
      const ids = { member: [memberId], user: userIds, point: pointIds };
      const tables: Record<string, Row[]> = {
        members: [member],
        users: await tx.query<Row>(
          `SELECT id, email, name, language, created_at FROM users WHERE id = ANY($1::uuid[])`,
          [userIds],
        ),
      };
      for (const { table, columns } of await personTables(tx)) {
        if (table === 'members') continue;
        // One parameter per kind of person column the table has (an unused parameter would have no type).
        const kinds = [...new Set(columns.map(({ kind }) => kind))];
        const conditions = columns.map(
          ({ column, kind }) => `${quoted(column)}::text = ANY($${kinds.indexOf(kind) + 1}::text[])`,
        );
        tables[table] = await tx.query<Row>(
          `SELECT * FROM ${quoted(table)} WHERE ${conditions.join(' OR ')}`,
          kinds.map((kind) => ids[kind]),
        );
      }
      // Audit entries about the member (entity member), besides those the member's logins made.
      const about = await tx.query<Row>(
        `SELECT * FROM audit_log WHERE entity = 'member' AND entity_id = $1 AND (actor_user_id IS NULL OR actor_user_id <> ALL($2::uuid[]))`,
        [memberId, userIds],
      );
      tables['audit_log'] = [...(tables['audit_log'] ?? []), ...about];
      await this.registry.record(tx, access, {
        action: 'export',
        entity: 'member',
        entityId: memberId,
        after: { tables: Object.keys(tables).length },
      });
      const exportedAt = new Date().toISOString();
      const plain = Object.fromEntries(
        Object.entries(tables).map(([table, rows]) => [table, rows.map(plainRow)]),
      );
      const files: Record<string, Uint8Array> = {
        'data.json': strToU8(JSON.stringify({ exportedAt, communityId, memberId, tables: plain }, null, 2)),
      };
      for (const [table, rows] of Object.entries(plain)) files[`tables/${table}.csv`] = strToU8(csvOf(rows));
      return { fileName: `personal-data-${memberId}.zip`, zip: zipSync(files) };
    });
  }

  /**
   * Erases a member who has left: its record keeps only what settlement needs (kind, votes, dates), its personal
   * fields are cleared, its invitations, logins in the community and their notifications go, and the audit log's
   * snapshots of it lose the personal fields. Issued documents stay intact (they are tax documents: 10 years), so
   * do readings and settlement lines (the community's books), now tied to an anonymous member. Audited.
   */
  async erase(principal: Principal, communityId: string, memberId: string): Promise<ErasureView> {
    return this.registry.change(principal, communityId, async (tx, access) => {
      const member = await requireMember(tx, access, memberId);
      const leftOn = member['left_on'] as string | null;
      if (leftOn === null || leftOn > pragueToday()) {
        throw new PrivacyException(
          'MEMBER_STILL_ACTIVE',
          'Only a member who has left can be erased: set leftOn (today or earlier) first',
        );
      }
      const userIds = (
        await tx.query<{ user_id: string }>(`SELECT DISTINCT user_id FROM memberships WHERE member_id = $1`, [
          memberId,
        ])
      ).map((row) => row.user_id);
      await tx.query(
        `UPDATE members SET name = $2, email = NULL, phone = NULL, address = NULL, ico = NULL, orp = NULL,
                enterprise_size = NULL, updated_at = now()
          WHERE id = $1`,
        [memberId, `Vymazaný člen ${memberId.slice(0, 8)}`],
      );
      await tx.query(`DELETE FROM invitations WHERE member_id = $1`, [memberId]);
      await tx.query(`DELETE FROM memberships WHERE member_id = $1`, [memberId]);
      // Their notifications in this community, unless the login stays an administrator here.
      await tx.query(
        `DELETE FROM notifications WHERE user_id = ANY($1::uuid[])
            AND user_id NOT IN (SELECT user_id FROM memberships)`,
        [userIds],
      );
      await tx.query(
        `DELETE FROM notification_preferences WHERE user_id = ANY($1::uuid[])
            AND user_id NOT IN (SELECT user_id FROM memberships)`,
        [userIds],
      );
      await tx.query(`SELECT redact_member_audit($1, $2::text[])`, [memberId, [...ERASED_MEMBER_FIELDS]]);
      let loginsErased = 0;
      for (const userId of userIds) {
        const [row] = await tx.query<{ erased: boolean }>(`SELECT erase_orphan_user($1) AS erased`, [userId]);
        if (row?.erased) loginsErased++;
      }
      const [documents] = await tx.query<{ kept: number; newest: string | null }>(
        `SELECT count(*)::int AS kept, max(issue_date)::text AS newest FROM documents
          WHERE $1 IN (buyer_id, seller_id)`,
        [memberId],
      );
      const view: ErasureView = {
        memberId,
        erasedAt: new Date().toISOString(),
        documentsKept: documents?.kept ?? 0,
        retainedUntil: documents?.newest ? retainedUntil(documents.newest) : null,
        loginsErased,
      };
      await this.registry.record(tx, access, {
        action: 'erase',
        entity: 'member',
        entityId: memberId,
        after: { documentsKept: view.documentsKept, retainedUntil: view.retainedUntil, loginsErased },
      });
      return view;
    });
  }
}

/** The member row (raw columns), visible to the caller, or MEMBER_NOT_FOUND. */
async function requireMember(tx: TenantTransaction, access: Access, memberId: string): Promise<Row> {
  const [member] = canSeeMember(access, memberId)
    ? await tx.query<Row>(`SELECT * FROM members WHERE id = $1`, [memberId])
    : [];
  if (!member) throw new PrivacyException('MEMBER_NOT_FOUND', 'No such member');
  return member;
}

async function readConsents(tx: TenantTransaction, memberId: string): Promise<ConsentView[]> {
  const rows = await tx.query<{
    kind: ConsentKind;
    granted: boolean;
    version: string;
    given_at: Date;
    source: ConsentSource;
  }>(
    `SELECT kind, granted, version, given_at, source FROM consents WHERE member_id = $1
      ORDER BY given_at DESC, recorded_at DESC`,
    [memberId],
  );
  return rows.map((row) => ({
    kind: row.kind,
    granted: row.granted,
    version: row.version,
    givenAt: row.given_at.toISOString(),
    source: row.source,
  }));
}

/** A catalog name as an SQL identifier. */
function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A row with JSON-friendly values: dates as ISO text, binary as base64. */
function plainRow(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      value instanceof Date ? value.toISOString() : Buffer.isBuffer(value) ? value.toString('base64') : value,
    ]),
  );
}

function csvOf(rows: readonly Row[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return stringify(
    rows.map((row) => columns.map((column) => cell(row[column]))),
    { header: true, columns },
  );
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
