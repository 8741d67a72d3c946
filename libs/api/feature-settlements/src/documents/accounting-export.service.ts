import { Injectable } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { AccessException, AuditLog, CommunityAccess, type Access } from '@sdilna/api/data-access-registry';
import {
  AccountingExportSettingsStore,
  DocumentStore,
  SettlementStore,
} from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import { COMMUNITY_PARTY_ID, type SettlementDocument } from '@sdilna/shared/domain-settlement';
import type { AccountingExportFormat } from '@sdilna/shared/util-api-contract';
import { type PohodaExportSettings, writePohodaDataPack } from '@sdilna/shared/util-documents';
import { isdocBatchZip, renderInvoicePdf } from '@sdilna/shared/util-documents/node';

import { SettlementsException } from '../settlements.exception';
import type { AccountingExportSettingsDto } from './dtos/accounting-export.dto';

/** The longest date range one export covers: a year of documents (every PDF is rendered for the ISDOCX). */
export const EXPORT_RANGE_MAX_DAYS = 366;

export interface AccountingExportFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/**
 * The accounting export of a final run or of the documents issued in a date range: a ZIP of ISDOCX files or a
 * Pohoda XML data pack. Administrators export the community's books (every document; Pohoda holds what the
 * community sells as issued and what it buys as received); a municipality's accountant exports the documents of
 * the municipality and its units (the Pohoda pack in the municipality's books). Members may not export.
 */
@Injectable()
export class AccountingExportService {
  constructor(
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
  ) {}

  async exportRun(
    principal: Principal,
    communityId: string,
    runId: string,
    format: AccountingExportFormat,
  ): Promise<AccountingExportFile> {
    const { period, documents, books, settings } = await this.database.run(communityId, async (tx) => {
      const access = await this.exporter(tx, principal);
      const run = await tx.store(SettlementStore).find(runId);
      if (!run) throw new SettlementsException('SETTLEMENT_NOT_FOUND', 'No such settlement run');
      if (run.status !== 'final')
        throw new SettlementsException('SETTLEMENT_NOT_APPROVED', 'Only a final run has documents to export');
      const read = await this.read(tx, access, await tx.store(DocumentStore).documentsOfRun(runId));
      return { period: run.period, ...read };
    });
    return this.write(format, `settlement-${period}`, documents, books, settings);
  }

  async exportRange(
    principal: Principal,
    communityId: string,
    from: string,
    to: string,
    format: AccountingExportFormat,
  ): Promise<AccountingExportFile> {
    if (from > to) throw new SettlementsException('PERIOD_INVALID', `from ${from} is after to ${to}`);
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
    if (days > EXPORT_RANGE_MAX_DAYS) {
      throw new SettlementsException(
        'PERIOD_INVALID',
        `from ${from} to ${to} spans ${days} days; one export covers at most ${EXPORT_RANGE_MAX_DAYS}`,
      );
    }
    const { documents, books, settings } = await this.database.run(communityId, async (tx) =>
      this.read(
        tx,
        await this.exporter(tx, principal),
        await tx.store(DocumentStore).documentsIssuedBetween(from, to),
      ),
    );
    return this.write(format, `documents-${from}-${to}`, documents, books, settings);
  }

  async getSettings(principal: Principal, communityId: string): Promise<PohodaExportSettings> {
    return this.database.run(communityId, async (tx) => {
      await this.exporter(tx, principal);
      return tx.store(AccountingExportSettingsStore).get();
    });
  }

  async saveSettings(
    principal: Principal,
    communityId: string,
    body: AccountingExportSettingsDto,
  ): Promise<PohodaExportSettings> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const before = await tx.store(AccountingExportSettingsStore).get();
      const after: PohodaExportSettings = {
        issuedAccounting: body.issuedAccounting?.trim() ?? null,
        receivedAccounting: body.receivedAccounting?.trim() ?? null,
        issuedNumberSeries: body.issuedNumberSeries?.trim() ?? null,
        receivedNumberSeries: body.receivedNumberSeries?.trim() ?? null,
      };
      await tx.store(AccountingExportSettingsStore).save(after);
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'update',
        entity: 'accounting-export-settings',
        entityId: communityId,
        before,
        after,
      });
      return after;
    });
  }

  /** Administrators and municipality accountants; anyone else is refused (ROLE_FORBIDDEN). */
  private async exporter(tx: TenantTransaction, principal: Principal): Promise<Access> {
    const access = await this.access.resolveIn(tx, principal);
    if (!access.isAdmin && !access.roles.has('municipality-accountant'))
      throw new AccessException(
        'ROLE_FORBIDDEN',
        'Only a community administrator or a municipality accountant may export documents',
      );
    return access;
  }

  /** The documents the caller may export and the books they belong to: the community, or the municipality. */
  private async read(
    tx: TenantTransaction,
    access: Access,
    all: readonly SettlementDocument[],
  ): Promise<{
    documents: SettlementDocument[];
    books: { ico: string; isOwn: (partyId: string) => boolean };
    settings: PohodaExportSettings;
  }> {
    const settings = await tx.store(AccountingExportSettingsStore).get();
    if (access.isAdmin) {
      return {
        documents: [...all],
        books: { ico: access.community.ico ?? '', isOwn: (id) => id === COMMUNITY_PARTY_ID },
        settings,
      };
    }
    const isOwn = (id: string) => access.visibleMemberIds.has(id);
    const documents = all.filter((document) => isOwn(document.seller.id) || isOwn(document.buyer.id));
    // the municipality issues its units' recharges: its IČO is the books' IČO
    const parties = documents.flatMap((document) => [document.seller, document.buyer]);
    const municipality =
      parties.find((party) => isOwn(party.id) && documents.some((d) => d.issuerId === party.id)) ??
      parties.find((party) => isOwn(party.id));
    return { documents, books: { ico: municipality?.ico ?? '', isOwn }, settings };
  }

  private async write(
    format: AccountingExportFormat,
    name: string,
    documents: readonly SettlementDocument[],
    books: { ico: string; isOwn: (partyId: string) => boolean },
    settings: PohodaExportSettings,
  ): Promise<AccountingExportFile> {
    if (format === 'pohoda') {
      const xml = writePohodaDataPack(documents, { id: `sdilna-${name}`, ...books, settings });
      return {
        fileName: `${name}-pohoda.xml`,
        contentType: 'application/xml; charset=utf-8',
        bytes: Buffer.from(xml, 'utf8'),
      };
    }
    // The creation date is the issue date, so a document always renders to the same bytes (as its own download).
    const zip = await isdocBatchZip(documents, (document) =>
      renderInvoicePdf(document, { creationDate: new Date(`${document.issueDate}T00:00:00Z`) }),
    );
    return { fileName: `${name}-isdoc.zip`, contentType: 'application/zip', bytes: zip };
  }
}
