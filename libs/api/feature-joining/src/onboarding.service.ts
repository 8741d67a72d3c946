import { Injectable } from '@nestjs/common';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { type Access, RegistryUseCase, runRows, StaleRecompute } from '@sdilna/api/data-access-registry';
import { memberOfRow, MembersException, MembersService } from '@sdilna/api/feature-members';
import { MeteringPointsService } from '@sdilna/api/feature-metering-points';
import type { Principal } from '@sdilna/api/util-auth';
import { CsvFormatError, type CsvRow, isLocalDate, pragueToday } from '@sdilna/api/util-registry';
import {
  CONSENT_KINDS,
  type ConsentKind,
  CURRENT_TERMS_VERSIONS,
  describeEanProblem,
  eanProblem,
} from '@sdilna/shared/domain-core';

import type { OnboardingReport, OnboardingRow } from '@sdilna/shared/util-api-contract';

import { JoiningException } from './joining.exception';
import { sheetRows } from './sheet-rows';

const YES = new Set(['true', '1', 'ano', 'yes', 'a', 'y']);
const NO = new Set(['false', '0', 'ne', 'no', 'n', '']);
const CONSENT_COLUMNS: Readonly<Record<ConsentKind, string>> = {
  'data-processing': 'consentdataprocessing',
  'edc-mandate': 'consentedcmandate',
  email: 'consentemail',
};

class InvalidRow extends Error {}

/** Thrown at the end of a preview (or of a file with problems) so its transaction rolls back with everything. */
class RolledBack extends Error {
  constructor(readonly report: OnboardingReport) {
    super('rolled back');
  }
}

/**
 * Bulk onboarding (issue 23 item 5, docs/joining.md): members WITH their metering points and consents from one CSV
 * or XLSX file. A row is one member and at most one point; rows with the same name, e-mail and IČO are one member
 * with several points (its member columns and consents are read from its first row). The preview runs exactly the
 * import, with every rule of members, points and the vote cap, in a transaction that is always rolled back; the
 * import stores all rows or none.
 */
@Injectable()
export class OnboardingService {
  constructor(
    private readonly registry: RegistryUseCase,
    private readonly members: MembersService,
    private readonly points: MeteringPointsService,
    private readonly stale: StaleRecompute,
  ) {}

  async run(
    principal: Principal,
    communityId: string,
    file: Buffer,
    store: boolean,
  ): Promise<OnboardingReport> {
    let rows: CsvRow[];
    try {
      rows = await sheetRows(file);
    } catch (error) {
      throw new JoiningException(
        'IMPORT_INVALID_FILE',
        error instanceof CsvFormatError ? error.message : 'The file is neither CSV nor XLSX',
      );
    }
    if (rows.length === 0)
      throw new JoiningException('IMPORT_INVALID_FILE', 'The file has a header but no rows');
    let report: OnboardingReport;
    try {
      report = await this.registry.change(principal, communityId, async (tx, access) => {
        const done = await this.importRows(tx, access, rows);
        if (!store || !done.ok) throw new RolledBack({ ...done.report, imported: false });
        return done.report;
      });
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
      report = error.report;
      if (store) {
        throw new JoiningException(
          'IMPORT_REJECTED',
          'Nothing was imported: fix the problems listed in details and upload the file again',
          report,
        );
      }
      return report;
    }
    await this.stale.request(communityId);
    return report;
  }

  private async importRows(
    tx: TenantTransaction,
    access: Access,
    rows: readonly CsvRow[],
  ): Promise<{ ok: boolean; report: OnboardingReport }> {
    const memberIds = new Map<string, string>();
    let points = 0;
    const parsed = await Promise.all(
      rows.map(async (row) => ({ ...row, dto: await memberOfRow(row.values) })),
    );
    const outcomes = await runRows(
      tx.manager,
      parsed,
      async (row) => {
        const key = memberKey(row.values);
        let memberId = memberIds.get(key);
        if (memberId === undefined) {
          if (typeof row.dto === 'string') throw new InvalidRow(row.dto);
          const member = await this.members.register(tx, access, row.dto, 'import', { checkVotes: false });
          memberId = member.id;
          await this.recordConsents(tx, access, memberId, row.values, row.dto.joinedOn ?? pragueToday());
        }
        const ean = (row.values['ean'] ?? '').trim();
        if (ean !== '') {
          const problem = eanProblem(ean);
          if (problem !== undefined) throw new InvalidRow(`ean: ${describeEanProblem(ean, problem)}`);
          const role = (row.values['role'] ?? '').trim() || 'consumption';
          if (role !== 'consumption' && role !== 'production')
            throw new InvalidRow(`role: "${role}" is not consumption or production`);
          const validFrom =
            (row.values['validfrom'] ?? '').trim() ||
            (row.dto as { joinedOn?: string }).joinedOn ||
            pragueToday();
          if (!isLocalDate(validFrom))
            throw new InvalidRow(`validFrom: "${validFrom}" is not a date YYYY-MM-DD`);
          const groupName = (row.values['sharinggroup'] ?? '').trim();
          const sharingGroupId = groupName === '' ? undefined : await this.groupNamed(tx, groupName);
          await this.points.register(
            tx,
            access,
            { ean, role, memberId, validFrom, ...(sharingGroupId !== undefined ? { sharingGroupId } : {}) },
            'import',
          );
          points++;
        }
        // Only once the row went through: a failed first row leaves no member for the rows after it.
        memberIds.set(key, memberId);
        return memberId;
      },
      (error) =>
        error instanceof InvalidRow ? { code: 'VALIDATION_FAILED', message: error.message } : undefined,
    );
    const fileProblems: { code: string; message: string }[] = [];
    const failed = outcomes.some((outcome) => outcome.problems.length > 0);
    if (!failed) {
      try {
        await this.members.checkVoteCap(tx, access);
      } catch (error) {
        if (!(error instanceof MembersException)) throw error;
        fileProblems.push({ code: error.code, message: error.message });
      }
    }
    const ok = !failed && fileProblems.length === 0;
    const report: OnboardingReport = {
      imported: false,
      members: new Set(outcomes.flatMap((outcome) => (outcome.value !== undefined ? [outcome.value] : [])))
        .size,
      points,
      rows: outcomes.map((outcome, index) => {
        const row = rows[index] as CsvRow;
        return {
          line: outcome.line,
          status: outcome.problems.length === 0 ? 'ok' : 'error',
          member: row.values['name'] ?? '',
          ean: (row.values['ean'] ?? '').trim() || null,
          ...(outcome.value !== undefined ? { memberId: outcome.value } : {}),
          problems: outcome.problems,
        };
      }),
      problems: fileProblems,
    };
    return { ok, report: ok ? { ...report, imported: true } : report };
  }

  private async groupNamed(tx: TenantTransaction, name: string): Promise<string> {
    const [group] = await tx.query<{ id: string }>(`SELECT id FROM sharing_groups WHERE name = $1`, [name]);
    if (group === undefined) throw new InvalidRow(`sharingGroup: no sharing group named "${name}"`);
    return group.id;
  }

  /** The member's consents of the file (ano/ne per kind), given on `consentsGivenOn` (the signed form's date). */
  private async recordConsents(
    tx: TenantTransaction,
    access: Access,
    memberId: string,
    values: Readonly<Record<string, string>>,
    joinedOn: string,
  ): Promise<void> {
    const stated = CONSENT_KINDS.flatMap((kind) => {
      const text = (values[CONSENT_COLUMNS[kind]] ?? '').trim().toLowerCase();
      if (YES.has(text) && text !== '') return [{ kind, granted: true }];
      if (NO.has(text) && text !== '') return [{ kind, granted: false }];
      if (text === '') return [];
      throw new InvalidRow(`${CONSENT_COLUMNS[kind]}: "${text}" is not ano/ne (yes/no)`);
    });
    if (stated.length === 0) return;
    const givenOn = (values['consentsgivenon'] ?? '').trim() || joinedOn;
    if (!isLocalDate(givenOn)) throw new InvalidRow(`consentsGivenOn: "${givenOn}" is not a date YYYY-MM-DD`);
    await tx.query(
      `INSERT INTO consents (community_id, member_id, kind, version, granted, given_at, source, recorded_by)
       SELECT $1, $2, c.kind, c.version, c.granted, ($4::date)::timestamp AT TIME ZONE 'Europe/Prague', 'import', $5
         FROM jsonb_to_recordset($3::jsonb) AS c(kind text, version text, granted boolean)`,
      [
        tx.communityId,
        memberId,
        JSON.stringify(
          stated.map((consent) => ({ ...consent, version: CURRENT_TERMS_VERSIONS[consent.kind] })),
        ),
        givenOn,
        access.userId,
      ],
    );
  }
}

/** Rows of one member: the same name, e-mail and IČO (case and spaces aside). */
function memberKey(values: Readonly<Record<string, string>>): string {
  return ['name', 'email', 'ico'].map((column) => (values[column] ?? '').trim().toLowerCase()).join('|');
}

export type { OnboardingReport, OnboardingRow };
