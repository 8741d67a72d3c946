import { Injectable } from '@nestjs/common';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { VatStatusStore } from '@sdilna/api/data-access-registry';
import {
  DocumentStore,
  SettlementSettingsStore,
  SettlementSource,
  SettlementStore,
  type SettlementRunRecord,
} from '@sdilna/api/data-access-settlement';
import {
  assignRevisions,
  buildCorrectiveDocument,
  buildRevisionCorrection,
  buildSettlementDocuments,
  documentPartyProblems,
  issueDocuments,
  type LineRevision,
  type SettlementDocument,
  type SettlementLine,
} from '@sdilna/shared/domain-settlement';

import { SettlementsException } from '../settlements.exception';
import { issuedDocumentsOf } from '../settlements/revisions';
import { partiesOf } from './document-parties';

/** Printed on the corrections of a run requested without a reason. */
export function defaultCorrectionReason(period: string): string {
  return `Opravné vyúčtování ${period.slice(5, 7)}/${period.slice(0, 4)} podle změněných vstupních údajů (opravená data EDC, ceník nebo alokační klíč)`;
}

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
    const drafts = await this.runDrafts(tx, run, issueDate);
    if (drafts.length === 0) return [];
    refuseIncompleteParties(drafts);
    return this.number(tx, run.id, drafts, null);
  }

  /**
   * The DUZP of a run's documents issued on `issueDate`: the last day of the settled period, or the issue date where
   * the community settles so (settlement settings `taxPoint`).
   */
  async taxPointDate(tx: TenantTransaction, run: SettlementRunRecord, issueDate: string): Promise<string> {
    const settings = await tx.store(SettlementSettingsStore).get();
    return settings.taxPoint === 'issue-date' ? issueDate : run.periodTo;
  }

  /**
   * The unnumbered documents finalising an original run issues: what `issueRun` numbers and stores, and what the
   * run's preview shows before approval (one computation for both, so the preview is what will be issued).
   */
  async runDrafts(
    tx: TenantTransaction,
    run: SettlementRunRecord,
    issueDate: string,
  ): Promise<SettlementDocument[]> {
    const lines = await tx.store(SettlementStore).lines(run.id);
    if (lines.length === 0) return [];
    const taxPointDate = await this.taxPointDate(tx, run, issueDate);
    const partyOf = await this.partyOf(tx, taxPointDate);
    const settings = await tx.store(SettlementSettingsStore).get();
    return buildSettlementDocuments(
      { period: { from: run.periodFrom, to: run.periodTo }, lines },
      { issueDate, taxPointDate, dueInDays: settings.dueDays, partyOf },
    );
  }

  /**
   * The documents of a final correction run: for every issued document of the month whose lines changed, one
   * corrective document with the difference per line (`revisions`: the correction run's lines against the month's
   * latest final run); lines of a seller–buyer pair that has no document yet get a regular document. Unaffected
   * documents get nothing.
   */
  async issueCorrection(
    tx: TenantTransaction,
    run: SettlementRunRecord,
    revisions: readonly LineRevision[],
    issueDate: string,
  ): Promise<SettlementDocument[]> {
    const drafts = await this.correctionDrafts(tx, run, revisions, issueDate);
    if (drafts.length === 0) return [];
    // corrective documents keep the parties of the documents they correct; new regular documents are checked
    refuseIncompleteParties(drafts.filter((draft) => draft.kind !== 'corrective'));
    return this.number(tx, run.id, drafts, null);
  }

  /** The unnumbered documents of a correction run: what `issueCorrection` numbers and its preview shows. */
  async correctionDrafts(
    tx: TenantTransaction,
    run: SettlementRunRecord,
    revisions: readonly LineRevision[],
    issueDate: string,
  ): Promise<SettlementDocument[]> {
    if (revisions.length === 0) return [];
    const settings = await tx.store(SettlementSettingsStore).get();
    const { corrections, uncovered } = assignRevisions(revisions, await issuedDocumentsOf(tx, run.period));
    const reason = run.correctionReason ?? defaultCorrectionReason(run.period);
    const drafts = corrections.map(({ original, revisions: ofDocument }) =>
      buildRevisionCorrection(original, ofDocument, { reason, issueDate, dueInDays: settings.dueDays }),
    );
    const added = uncovered.flatMap((revision) => (revision.after ? [revision.after] : []));
    if (added.length > 0) drafts.push(...(await this.regularDocuments(tx, run, added, issueDate)));
    return drafts;
  }

  private async regularDocuments(
    tx: TenantTransaction,
    run: SettlementRunRecord,
    lines: readonly SettlementLine[],
    issueDate: string,
  ): Promise<SettlementDocument[]> {
    const settings = await tx.store(SettlementSettingsStore).get();
    const taxPointDate = await this.taxPointDate(tx, run, issueDate);
    return buildSettlementDocuments(
      { period: { from: run.periodFrom, to: run.periodTo }, lines },
      { issueDate, taxPointDate, dueInDays: settings.dueDays, partyOf: await this.partyOf(tx, taxPointDate) },
    );
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

  private async partyOf(tx: TenantTransaction, taxPointDate: string) {
    const [community, settings, members, communityVatStatuses] = [
      await tx.store(SettlementSettingsStore).community(),
      await tx.store(SettlementSettingsStore).get(),
      await tx.store(SettlementSource).parties(),
      await tx.store(VatStatusStore).communityHistory(),
    ];
    return partiesOf({
      community: community ?? { name: 'Společenství', type: 'energy-community', ico: null, address: null },
      settings,
      communityVatStatuses,
      members,
      taxPointDate,
    });
  }
}

/**
 * 422 naming every party that lacks what its documents need (address, IČO, a DIČ that agrees with its VAT status,
 * a self-billing agreement), so the administrator fixes the registry once; nothing is issued.
 */
export function refuseIncompleteParties(drafts: readonly SettlementDocument[]): void {
  const problems = documentPartyProblems(drafts).sort((a, b) => a.name.localeCompare(b.name, 'cs'));
  if (problems.length === 0) return;
  const named = problems.map((party) => `${party.name} ${party.messages.join(', ')}`);
  throw new SettlementsException(
    'DOCUMENT_PARTIES_INCOMPLETE',
    `Documents cannot be issued until the registry is fixed: ${named.join('; ')}`,
    {
      parties: problems.map((party) => ({
        id: party.partyId,
        name: party.name,
        problems: [...party.problems],
      })),
    },
  );
}
