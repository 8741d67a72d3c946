import { Injectable } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { AuditLog, CommunityAccess, postgresError, type Access } from '@sdilna/api/data-access-registry';
import {
  DocumentStore,
  PaymentStore,
  paymentResponse,
  SettlementStore,
  type DocumentPaymentState,
  type DocumentRecord,
} from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import { pragueToday } from '@sdilna/api/util-registry';
import { SettlementError, type SettlementDocument } from '@sdilna/shared/domain-settlement';
import { accountingCsv, spaydForDocument, writeIsdoc } from '@sdilna/shared/util-documents';
import { renderInvoicePdf } from '@sdilna/shared/util-documents/node';

import { kwh, money, pricePerKwh, vatPercent } from '../money-json';
import { SettlementsException } from '../settlements.exception';
import { DocumentIssuer } from './document-issuer';
import type { DocumentListQueryDto, DocumentView } from './dtos/document.dto';

/**
 * Issued documents and their renderings. Administrators see every document; a member only documents where it
 * is seller or buyer; a municipality accountant those of the municipality and its units (its recharges).
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly issuer: DocumentIssuer,
    private readonly audit: AuditLog,
  ) {}

  async list(
    principal: Principal,
    communityId: string,
    query: DocumentListQueryDto,
  ): Promise<DocumentView[]> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      const records = await tx.store(DocumentStore).list({
        ...(query.runId !== undefined ? { runId: query.runId } : {}),
        ...(query.kind !== undefined ? { kind: query.kind } : {}),
        ...(access.isAdmin ? {} : { partyIds: [...access.visibleMemberIds] }),
      });
      const states = await tx.store(PaymentStore).states(records, pragueToday());
      const views: DocumentView[] = [];
      for (const [index, record] of records.entries()) {
        const found = await tx.store(DocumentStore).find(record.id);
        if (found) views.push(documentView(found.record, found.document, states[index]));
      }
      return views;
    });
  }

  async get(principal: Principal, communityId: string, documentId: string): Promise<DocumentView> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      const { record, document } = await this.findVisible(tx, access, documentId);
      const [state] = await tx.store(PaymentStore).states([record], pragueToday());
      return documentView(record, document, state);
    });
  }

  async pdf(
    principal: Principal,
    communityId: string,
    documentId: string,
  ): Promise<{ number: string; bytes: Uint8Array }> {
    const { document } = await this.visible(principal, communityId, documentId);
    // The creation date is the issue date, so the same document always renders to the same bytes.
    const bytes = await renderInvoicePdf(document, {
      creationDate: new Date(`${document.issueDate}T00:00:00Z`),
    });
    return { number: document.number ?? documentId, bytes };
  }

  async isdoc(
    principal: Principal,
    communityId: string,
    documentId: string,
  ): Promise<{ number: string; xml: string }> {
    const { document } = await this.visible(principal, communityId, documentId);
    return { number: document.number ?? documentId, xml: writeIsdoc(document) };
  }

  async exportCsv(
    principal: Principal,
    communityId: string,
    runId: string,
  ): Promise<{ period: string; csv: string }> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      const run = await tx.store(SettlementStore).find(runId);
      if (!run) throw new SettlementsException('SETTLEMENT_NOT_FOUND', 'No such settlement run');
      if (run.status !== 'final')
        throw new SettlementsException('SETTLEMENT_NOT_APPROVED', 'Only a final run has documents to export');
      return {
        period: run.period,
        csv: accountingCsv(await tx.store(DocumentStore).documentsOfRun(runId)),
      };
    });
  }

  /** Cancels an issued document with a corrective document (storno of every line); the original never changes. */
  async correct(
    principal: Principal,
    communityId: string,
    documentId: string,
    reason: string,
  ): Promise<DocumentView> {
    const alreadyCancelled = (number: string, by: string) =>
      new SettlementsException('DOCUMENT_NOT_CORRECTABLE', `${number} is already cancelled by ${by}`);
    try {
      return await this.cancel(principal, communityId, documentId, reason, alreadyCancelled);
    } catch (error) {
      // The unique index behind the lock: should two corrections ever pass the check, the second is a 409 too.
      if (postgresError(error)?.constraint === 'documents_one_correction_key')
        throw alreadyCancelled('The document', 'another corrective document');
      throw error;
    }
  }

  private async cancel(
    principal: Principal,
    communityId: string,
    documentId: string,
    reason: string,
    alreadyCancelled: (number: string, by: string) => SettlementsException,
  ): Promise<DocumentView> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      await tx.store(DocumentStore).lockDocument(documentId);
      const found = await tx.store(DocumentStore).find(documentId);
      if (!found) throw new SettlementsException('DOCUMENT_NOT_FOUND', 'No such document');
      if (found.record.kind === 'corrective') {
        throw new SettlementsException(
          'DOCUMENT_NOT_CORRECTABLE',
          'A corrective document is corrected by correcting its original',
        );
      }
      const earlier = (await tx.store(DocumentStore).list({ kind: 'corrective' })).filter(
        (record) => record.correctsDocumentId === documentId,
      );
      // a storno is issued into its original's run; a correction run's documents bill a revision of the month
      const storno = earlier.find((record) => record.runId === found.record.runId);
      if (storno) throw alreadyCancelled(found.record.number, storno.number);
      if (earlier.length > 0) {
        // Reversing the original alone would leave the re-billed difference owed on its own.
        throw new SettlementsException(
          'DOCUMENT_NOT_CORRECTABLE',
          `${found.record.number} was re-billed by ${earlier.map((record) => record.number).join(', ')} of a correction run; correct its month with another correction run instead`,
        );
      }
      let issued: SettlementDocument;
      try {
        issued = await this.issuer.correct(
          tx,
          found.record.runId,
          found.document,
          documentId,
          reason,
          pragueToday(),
        );
      } catch (error) {
        if (error instanceof SettlementError)
          throw new SettlementsException('DOCUMENT_NOT_CORRECTABLE', error.message);
        throw error;
      }
      const stored = (await tx.store(DocumentStore).find(issued.uuid)) as { record: DocumentRecord };
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'cancel',
        entity: 'document',
        entityId: documentId,
        before: { number: found.record.number, kind: found.record.kind, gross: money(found.record.gross) },
        after: {
          correctiveDocumentId: stored.record.id,
          correctiveNumber: stored.record.number,
          gross: money(stored.record.gross),
          reason,
        },
      });
      return documentView(stored.record, issued);
    });
  }

  private async visible(
    principal: Principal,
    communityId: string,
    documentId: string,
  ): Promise<{ record: DocumentRecord; document: SettlementDocument }> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      return this.findVisible(tx, access, documentId);
    });
  }

  private async findVisible(
    tx: TenantTransaction,
    access: Access,
    documentId: string,
  ): Promise<{ record: DocumentRecord; document: SettlementDocument }> {
    const found = await tx.store(DocumentStore).find(documentId);
    const mayRead =
      found !== undefined &&
      (access.isAdmin ||
        access.visibleMemberIds.has(found.record.sellerId) ||
        access.visibleMemberIds.has(found.record.buyerId));
    if (!found || !mayRead) throw new SettlementsException('DOCUMENT_NOT_FOUND', 'No such document');
    return found;
  }
}

export function documentView(
  record: DocumentRecord,
  document: SettlementDocument,
  payment?: DocumentPaymentState,
): DocumentView {
  const spayd = spaydForDocument(document);
  return {
    id: record.id,
    runId: record.runId,
    kind: record.kind as DocumentView['kind'],
    number: record.number,
    variableSymbol: record.variableSymbol,
    sellerId: record.sellerId,
    sellerName: document.seller.name,
    buyerId: record.buyerId,
    buyerName: document.buyer.name,
    issueDate: record.issueDate,
    dueDate: record.dueDate,
    periodFrom: record.periodFrom,
    periodTo: record.periodTo,
    net: money(record.net),
    vat: money(record.vat),
    gross: money(record.gross),
    currency: 'CZK',
    ...(spayd !== undefined ? { spayd } : {}),
    ...(record.correctsDocumentId !== null ? { correctsDocumentId: record.correctsDocumentId } : {}),
    ...(payment !== undefined ? { payment: paymentResponse(payment) } : {}),
    lines: document.lines.map((line) => ({
      lineNumber: line.lineNumber,
      description: line.description,
      energyKwh: kwh(line.energy),
      unitPricePerKwh: pricePerKwh(line.unitPrice),
      vatRatePercent: vatPercent(line.vatRate),
      net: money(line.net),
      vat: money(line.vat),
      gross: money(line.gross),
    })),
  };
}
