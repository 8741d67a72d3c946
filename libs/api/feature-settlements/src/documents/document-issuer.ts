import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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
  constructor(
    private readonly runs: SettlementStore,
    private readonly documents: DocumentStore,
    private readonly settings: SettlementSettingsStore,
    private readonly source: SettlementSource,
  ) {}

  async issueRun(
    manager: EntityManager,
    communityId: string,
    run: SettlementRunRecord,
    issueDate: string,
  ): Promise<SettlementDocument[]> {
    const lines = await this.runs.lines(manager, communityId, run.id);
    if (lines.length === 0) return [];
    const partyOf = await this.partyOf(manager, communityId, run.communityVatPayer);
    const settings = await this.settings.get(manager, communityId);
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
    return this.number(manager, communityId, run.id, drafts, null);
  }

  /** A corrective document that cancels `original` completely (storno of every line), numbered in its own series. */
  async correct(
    manager: EntityManager,
    communityId: string,
    runId: string,
    original: SettlementDocument,
    originalId: string,
    reason: string,
    issueDate: string,
  ): Promise<SettlementDocument> {
    const settings = await this.settings.get(manager, communityId);
    const draft = buildCorrectiveDocument(original, { reason, issueDate, dueInDays: settings.dueDays });
    const [issued] = await this.number(manager, communityId, runId, [draft], originalId);
    return issued as SettlementDocument;
  }

  private async number(
    manager: EntityManager,
    communityId: string,
    runId: string,
    drafts: readonly SettlementDocument[],
    correctsDocumentId: string | null,
  ): Promise<SettlementDocument[]> {
    const last = await this.documents.lockCounters(
      manager,
      communityId,
      drafts.map((draft) => ({
        issuerId: draft.issuerId,
        series: draft.series,
        year: Number(draft.issueDate.slice(0, 4)),
      })),
    );
    const { documents, lastSequences } = issueDocuments(drafts, last);
    await this.documents.insert(manager, communityId, runId, documents, correctsDocumentId);
    await this.documents.saveCounters(manager, communityId, lastSequences);
    return documents;
  }

  private async partyOf(manager: EntityManager, communityId: string, communityVatPayer: boolean) {
    const [community, settings, members] = [
      await this.settings.community(manager, communityId),
      await this.settings.get(manager, communityId),
      await this.source.parties(manager, communityId),
    ];
    return partiesOf({
      community: community ?? { name: 'Společenství', type: 'energy-community', ico: null, address: null },
      settings,
      communityVatPayer,
      members,
    });
  }
}
