import { Injectable } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { AccessException, CommunityAccess, MemberEntity } from '@sdilna/api/data-access-registry';
import { RechargeStore } from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import { kwhToJson, moneyText, type RechargeAmounts } from '@sdilna/shared/util-api-contract';

import type { RechargeSummaryView } from './dtos/recharges.dto';
import { MunicipalityException } from './municipality.exception';
import { rechargesCsv, rechargesXlsx } from './recharge-export';
import { monthRange } from './recharge-months';
import { summariseRecharges, type LineSums, type RechargeSummary } from './recharge-summary';

interface LoadedSummary {
  readonly municipality: { readonly id: string; readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly summary: RechargeSummary;
}

function amounts(sums: LineSums): RechargeAmounts {
  return {
    energyKwh: kwhToJson(sums.energy),
    net: moneyText(sums.net),
    vat: moneyText(sums.vat),
    gross: moneyText(sums.gross),
    currency: 'CZK',
  };
}

/**
 * A municipality's internal recharges per month and organisational unit, for its accountant (and the community's
 * administrators), as JSON, CSV and XLSX: all three from one summary of the issued documents' lines.
 */
@Injectable()
export class RechargesService {
  constructor(
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
  ) {}

  async summary(
    principal: Principal,
    communityId: string,
    municipalityId: string,
    query: { from?: string; to?: string },
  ): Promise<RechargeSummaryView> {
    const { municipality, from, to, summary } = await this.load(
      principal,
      communityId,
      municipalityId,
      query,
    );
    return {
      municipality,
      from,
      to,
      months: summary.months.map((month) => ({
        month: month.month,
        ...amounts(month),
        rows: month.rows.map((row) => ({
          unitId: row.unitId,
          unitName: row.unitName,
          ...(row.unitIco !== undefined ? { unitIco: row.unitIco } : {}),
          direction: row.direction,
          ...amounts(row),
          documents: row.documents.map((document) => ({
            id: document.record.id,
            number: document.record.number,
            kind: document.record.kind,
            issueDate: document.record.issueDate,
            periodFrom: document.record.periodFrom,
            periodTo: document.record.periodTo,
            ...amounts(document),
          })),
        })),
      })),
      totals: amounts(summary.totals),
    };
  }

  async csv(
    principal: Principal,
    communityId: string,
    municipalityId: string,
    query: { from?: string; to?: string },
  ): Promise<{ fileName: string; csv: string }> {
    const { from, to, summary } = await this.load(principal, communityId, municipalityId, query);
    return { fileName: `prefakturace-${from}-${to}.csv`, csv: rechargesCsv(summary) };
  }

  async xlsx(
    principal: Principal,
    communityId: string,
    municipalityId: string,
    query: { from?: string; to?: string },
  ): Promise<{ fileName: string; bytes: Buffer }> {
    const { municipality, from, to, summary } = await this.load(
      principal,
      communityId,
      municipalityId,
      query,
    );
    return {
      fileName: `prefakturace-${from}-${to}.xlsx`,
      bytes: await rechargesXlsx(summary, municipality.name),
    };
  }

  /**
   * Access first, then input: another tenant's id answers 404 and a plain member 403 whatever the query, as
   * everywhere else. An accountant sees only the municipality the role names (404 for another one, as for a
   * member record the caller may not see); administrators see every municipality of the community.
   */
  private async load(
    principal: Principal,
    communityId: string,
    municipalityId: string,
    query: { from?: string; to?: string },
  ): Promise<LoadedSummary> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      if (!access.isAdmin && !access.roles.has('municipality-accountant')) {
        throw new AccessException(
          'ROLE_FORBIDDEN',
          "Only the municipality's accountant or a community administrator may see its recharges",
        );
      }
      // Checked before any lookup, so a bad month is a 400 whoever the municipality is.
      monthRange(query.from, query.to);
      const allowed =
        access.isAdmin ||
        (await tx.store(RechargeStore).accountantOf(access.userId)).includes(municipalityId);
      const member = allowed
        ? await tx.manager.findOne(MemberEntity, { where: { id: municipalityId } })
        : null;
      if (!member || member.kind !== 'municipality')
        throw new MunicipalityException('MUNICIPALITY_NOT_FOUND', 'No such municipality in this community');
      const newest =
        query.from === undefined && query.to === undefined
          ? await tx.store(RechargeStore).newestMonth(municipalityId)
          : undefined;
      const range = monthRange(query.from, query.to, { newest });
      const records = await tx.store(RechargeStore).issuedBy(municipalityId, range.fromDay, range.beforeDay);
      return {
        municipality: { id: member.id, name: member.name },
        from: range.from,
        to: range.to,
        summary: summariseRecharges(municipalityId, records),
      };
    });
  }
}
