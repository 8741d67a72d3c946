import { Injectable } from '@nestjs/common';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  DocumentStore,
  SettlementSettingsStore,
  SettlementSource,
  SettlementStore,
  type SettlementRunRecord,
} from '@sdilna/api/data-access-settlement';
import {
  buildCorrectiveDocument,
  buildSettlementDocuments,
  issueDocuments,
  type SettlementDocument,
} from '@sdilna/shared/domain-settlement';

import { partiesOf } from './document-parties';

/**
 * Turns an approved run into numbered documents inside the caller's transaction: the numbering counters are
 * locked (FOR UPDATE) until commit, so concurrent finalisations of one community queue and numbers never skip.
 */
@Injectable()
export class DocumentIssuer {
  async issueRun(
    tx: TenantTransaction,
    run: SettlementRunRecord,
    issueDate: string,
  ): Promise<SettlementDocument[]> {
    const lines = await tx.store(SettlementStore).lines(run.id);
    if (lines.length === 0) return [];
    const partyOf = await this.partyOf(tx, run.communityVatPayer);
    const settings = await tx.store(SettlementSettingsStore).get();
    const drafts = buildSettlementDocuments(
      {
        period: { from: run.periodFrom, to: run.periodTo },
        mode: run.mode,
        lines,
        members: [],
        totals: {
          sharedEnergy: run.sharedEnergy,
          consumersPayNet: run.consumersPayNet,
          producersReceiveNet: run.producersReceiveNet,
          communityMarginNet: run.communityMarginNet,
        },
        warnings: [],
      },
      { issueDate, dueInDays: settings.dueDays, partyOf },
    );
    return this.number(tx, run.id, drafts, null);
  }

  /** A corrective document that cancels `original` completely (storno of every line), numbered in its own series. */
  async correct(
    tx: TenantTransaction,
    runId: string,
    original: SettlementDocument,
    originalId: string,
    reason: string,
    issueDate: string,
  ): Promise<SettlementDocument> {
    const settings = await tx.store(SettlementSettingsStore).get();
    const draft = buildCorrectiveDocument(original, { reason, issueDate, dueInDays: settings.dueDays });
    const [issued] = await this.number(tx, runId, [draft], originalId);
    return issued as SettlementDocument;
  }

  private async number(
    tx: TenantTransaction,
    runId: string,
    drafts: readonly SettlementDocument[],
    correctsDocumentId: string | null,
  ): Promise<SettlementDocument[]> {
    const last = await tx.store(DocumentStore).lockCounters(
      drafts.map((draft) => ({
        issuerId: draft.issuerId,
        series: draft.series,
        year: Number(draft.issueDate.slice(0, 4)),
      })),
    );
    const { documents, lastSequences } = issueDocuments(drafts, last);
    await tx.store(DocumentStore).insert(runId, documents, correctsDocumentId);
    await tx.store(DocumentStore).saveCounters(lastSequences);
    return documents;
  }

  private async partyOf(tx: TenantTransaction, communityVatPayer: boolean) {
    const [community, settings, members] = [
      await tx.store(SettlementSettingsStore).community(),
      await tx.store(SettlementSettingsStore).get(),
      await tx.store(SettlementSource).parties(),
    ];
    return partiesOf({
      community: community ?? { name: 'Společenství', type: 'energy-community', ico: null, address: null },
      settings,
      communityVatPayer,
      members,
    });
  }
}
