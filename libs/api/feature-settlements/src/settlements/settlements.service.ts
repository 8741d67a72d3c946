import { Injectable, Logger } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { RegistryReader } from '@sdilna/api/data-access-readings';
import {
  AuditLog,
  CommunityAccess,
  PeriodChangeStore,
  VatStatusStore,
  type Access,
} from '@sdilna/api/data-access-registry';
import {
  DeliveryStore,
  DocumentStore,
  isNotRecomputed,
  SettlementSettingsStore,
  SettlementSource,
  SettlementStore,
  type DataGapRecord,
  type MemberParty,
  type SettlementRunRecord,
} from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import { withinDeadline } from '@sdilna/api/util-jobs';
import { pragueToday } from '@sdilna/api/util-registry';
import {
  czechAccountToIban,
  firstVatDifference as firstDifference,
  isValidIban,
  vatStatusOn,
  type VatStatusPeriod,
  memberRevisions,
  revisedLines,
  SettlementError,
  type LineRevision,
  type SettlementDocument,
  type SettlementLine,
} from '@sdilna/shared/domain-settlement';

import { DeliveryJobs } from '../deliveries/delivery-jobs';
import { defaultCorrectionReason, DocumentIssuer } from '../documents/document-issuer';
import { SettlementJobs } from '../jobs/settlement-jobs';
import { amounts, kwh, money, pricePerKwh, vatPercent } from '../money-json';
import { monthBefore, monthPeriod, previousMonth } from '../settlement-period';
import { SettlementsException } from '../settlements.exception';
import { latestFinalRun, revisionsOf } from './revisions';
import { computeSettlement } from './settlement-runner';
import type {
  DocumentPreviewView,
  RunPreviewView,
  SettlementDataGapView,
  SettlementLineView,
  SettlementMemberView,
  SettlementRevisionView,
  SettlementRunView,
  SettlementSettingsDto,
  SettlementSettingsView,
  SuggestedPeriodView,
} from './dtos/settlement.dto';

/** How many months back the suggested period is looked for (three years of data). */
const MONTHS_LOOKED_BACK = 36;

@Injectable()
export class SettlementsService {
  private readonly logger = new Logger('Settlements');

  constructor(
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly issuer: DocumentIssuer,
    private readonly jobs: SettlementJobs,
    private readonly audit: AuditLog,
    private readonly deliveryJobs: DeliveryJobs,
  ) {}

  /**
   * Creates the month's draft run, sends an existing draft back to computation, or, for a final month whose
   * inputs changed since, creates a correction run; then enqueues the computation. An approved run is never reset.
   */
  async request(
    principal: Principal,
    communityId: string,
    period: string,
    reason?: string,
    settleAnyway = false,
  ): Promise<SettlementRunView> {
    const month = monthPeriod(period);
    const run = await this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      await tx.store(SettlementStore).lockPeriod(month.period);
      const runs = await tx.store(SettlementStore).ofPeriod(month.period);
      if (runs.length === 0) {
        const accepted = await this.acceptedGaps(tx, month, settleAnyway);
        const created = await tx.store(SettlementStore).create({
          ...month,
          requestedBy: principal.userId,
          reason: 'manual',
          ...(accepted ? { settledAnyway: accepted } : {}),
        });
        await this.recordRun(tx, principal, 'create', undefined, created, settledAnywayAudit(accepted));
        return created;
      }
      // at most one run of a month is not final (a unique index): the original or the open correction
      const open = runs.find((candidate) => candidate.status !== 'final');
      if (open) {
        const requeued = await this.recomputeDraft(tx, open, principal.userId, reason);
        // a draft still waiting for its job answers as it is: nothing changed, nothing to record
        if (requeued !== open) await this.recordRun(tx, principal, 'update', open, requeued);
        return requeued;
      }
      const accepted = await this.acceptedGaps(tx, month, settleAnyway);
      const correction = await this.createCorrection(tx, month, principal.userId, reason, accepted);
      await this.recordRun(tx, principal, 'create', undefined, correction, settledAnywayAudit(accepted));
      return correction;
    });
    try {
      await withinDeadline(this.jobs.enqueueCompute(communityId, run.id, run.period));
    } catch (error) {
      // The draft is stored waiting for computation (an outbox): the worker's queued-work sweep enqueues it
      // once Redis answers again, so the caller gets the run instead of a hang or a 5xx.
      this.logger.warn(
        `Settlement run ${run.id} (${run.period}) of community ${communityId} stored but not enqueued (${(error as Error).message}); the queued-work sweep will pick it up`,
      );
    }
    return runView(run);
  }

  /** A draft is computed again from current data; an approved run is not (approving froze its figures). */
  private async recomputeDraft(
    tx: TenantTransaction,
    open: SettlementRunRecord,
    userId: string,
    reason: string | undefined,
  ): Promise<SettlementRunRecord> {
    const what = open.kind === 'correction' ? 'correction run' : 'run';
    if (open.status === 'approved') {
      throw new SettlementsException(
        'SETTLEMENT_APPROVED',
        `${open.period} has an approved ${what} (${open.id}); finalise it: an approved run is not recomputed or reset to draft`,
        { runId: open.id, kind: open.kind },
      );
    }
    // A draft whose job has not started yet already answers this request: requeueing it would only race the
    // job that is about to start. A job that is computing holds the month; the caller is told which run.
    if (open.computeStatus === 'queued') return open;
    if (open.computeStatus === 'running') {
      throw new SettlementsException(
        'SETTLEMENT_IN_PROGRESS',
        `${open.period} is being computed now (${what} ${open.id}); ask again once it is done`,
        { runId: open.id },
      );
    }
    // a correction draft takes a new reason with it; an original run has none
    return tx.store(SettlementStore).requeue(open.id, userId, reason);
  }

  /**
   * A final month is settled again only as a correction of its latest final run, and only when the current data,
   * prices and keys give different figures: otherwise there is nothing to bill (409 NOTHING_TO_CORRECT).
   */
  private async createCorrection(
    tx: TenantTransaction,
    month: { period: string; from: string; to: string },
    userId: string,
    reason: string | undefined,
    accepted: readonly DataGapRecord[] | undefined,
  ): Promise<SettlementRunRecord> {
    const settled = (await latestFinalRun(tx, month.period)) as SettlementRunRecord;
    let computed: Awaited<ReturnType<typeof computeSettlement>> | undefined;
    try {
      computed = await computeSettlement(tx, month.from, month.to);
    } catch (error) {
      // A month whose recompute is still queued: the correction's job runs it and then settles (SettlementRunner).
      if (!(error instanceof SettlementError) || !isNotRecomputed(error.details)) {
        if (error instanceof SettlementError)
          throw new SettlementsException('SETTLEMENT_INPUT_INVALID', error.message, { code: error.code });
        throw error;
      }
    }
    if (computed && (await revisionsOf(tx, settled, computed.result.lines)).length === 0) {
      throw new SettlementsException(
        'NOTHING_TO_CORRECT',
        `${month.period} is final (run ${settled.id}) and its current data, prices and keys give the same figures; there is nothing to correct`,
        { runId: settled.id },
      );
    }
    return tx.store(SettlementStore).create({
      ...month,
      requestedBy: userId,
      reason: 'manual',
      correction: { correctsRunId: settled.id, reason: reason ?? defaultCorrectionReason(month.period) },
      ...(accepted ? { settledAnyway: accepted } : {}),
    });
  }

  /**
   * A new run of a month whose EDC data are missing or preliminary is refused with the points and days (409
   * SETTLEMENT_DATA_INCOMPLETE), so no month is billed by accident on data EDC has not finished; `settleAnyway`
   * accepts them, and the gaps accepted are returned to be kept on the run and in the audit log.
   */
  private async acceptedGaps(
    tx: TenantTransaction,
    month: { period: string; from: string; to: string },
    settleAnyway: boolean,
  ): Promise<DataGapRecord[] | undefined> {
    const { points, gaps } = await tx.store(SettlementSource).gaps(month.from, month.to);
    if (gaps.length === 0) return undefined;
    if (!settleAnyway) {
      const days = new Set(gaps.flatMap((gap) => [...gap.missing, ...gap.preliminary])).size;
      throw new SettlementsException(
        'SETTLEMENT_DATA_INCOMPLETE',
        `${month.period} has EDC data missing or preliminary for ${gaps.length} of ${points} metering points on ${days} days; import EDC's final data of the month, or send settleAnyway: true to settle it as it is`,
        { period: month.period, pointCount: gaps.length, dayCount: days, points: gaps.map(gapView) },
      );
    }
    return gaps.map((gap) => ({
      ean: gap.ean,
      label: gap.label,
      missing: [...gap.missing],
      preliminary: [...gap.preliminary],
    }));
  }

  /**
   * The month an administrator most likely settles next: the newest month before the current one whose every
   * registered point has complete, final EDC data on every day (the same classification that refuses a month).
   */
  async suggestedPeriod(principal: Principal, communityId: string): Promise<SuggestedPeriodView> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const earliest = await tx.store(SettlementSource).earliestPointDay();
      if (earliest === null) return { hasRun: false };
      let period = previousMonth();
      // a bound as well as the registry's first day: a community's data never go back further than this
      for (let step = 0; step < MONTHS_LOOKED_BACK; step++, period = monthBefore(period)) {
        const month = monthPeriod(period);
        if (month.to < earliest) break;
        const { points, gaps } = await tx.store(SettlementSource).gaps(month.from, month.to);
        if (points > 0 && gaps.length === 0) {
          return { period, hasRun: (await tx.store(SettlementStore).ofPeriod(period)).length > 0 };
        }
      }
      return { hasRun: false };
    });
  }

  async list(principal: Principal, communityId: string): Promise<SettlementRunView[]> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      const runs = await tx.store(SettlementStore).list();
      return runs.filter((run) => access.isAdmin || run.status === 'final').map(runView);
    });
  }

  async get(principal: Principal, communityId: string, runId: string): Promise<SettlementRunView> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      const run = await this.visibleRun(tx, access, runId);
      return this.detail(tx, access, run);
    });
  }

  async approve(principal: Principal, communityId: string, runId: string): Promise<SettlementRunView> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      const run = await this.visibleRun(tx, access, runId, true);
      if (run.status === 'final') throw new SettlementsException('SETTLEMENT_FINAL', 'The run is final');
      if (run.status === 'approved') return this.detail(tx, access, run);
      if (run.computeStatus !== 'done') {
        throw new SettlementsException(
          'SETTLEMENT_NOT_COMPUTED',
          `The run is ${run.computeStatus}; approve it once it is computed`,
          {
            computeStatus: run.computeStatus,
            error: run.error,
          },
        );
      }
      await tx.store(SettlementStore).approve(runId, principal.userId);
      const approved = (await tx.store(SettlementStore).find(runId)) as SettlementRunRecord;
      await this.recordRun(tx, principal, 'approve', run, approved);
      return this.detail(tx, access, approved);
    });
  }

  /** Issues the documents of an approved run and makes it final, all in one transaction. */
  async finalize(
    principal: Principal,
    communityId: string,
    runId: string,
    requestedIssueDate?: string,
  ): Promise<SettlementRunView> {
    const { view, deliveries } = await this.issueAndFinalize(
      principal,
      communityId,
      runId,
      requestedIssueDate,
    );
    // After the commit: a mail never goes out for documents that were rolled back (the deliveries are stored).
    await this.deliveryJobs.enqueueAfterCommit(communityId, deliveries);
    return view;
  }

  private async issueAndFinalize(
    principal: Principal,
    communityId: string,
    runId: string,
    requestedIssueDate?: string,
  ): Promise<{ view: SettlementRunView; deliveries: Array<{ documentId: string; generation: number }> }> {
    const issueDate = requestedIssueDate ?? pragueToday();
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      // Locks in one order everywhere (the month's advisory lock, then the run's row), or a finalisation and a
      // request or computation of the same month deadlock.
      await tx.store(SettlementStore).lockPeriod((await this.visibleRun(tx, access, runId)).period);
      const run = await this.visibleRun(tx, access, runId, true);
      if (run.status === 'final')
        throw new SettlementsException('SETTLEMENT_FINAL', 'The run is already final');
      if (run.status !== 'approved') {
        throw new SettlementsException(
          'SETTLEMENT_NOT_APPROVED',
          'A person approves the draft before it is finalised',
        );
      }
      let issued: number;
      try {
        if (run.kind === 'correction') {
          // What the month was billed so far is its latest final run; a correction corrects exactly that one.
          const settled = (await tx
            .store(SettlementStore)
            .find(run.correctsRunId as string)) as SettlementRunRecord;
          const revisions = await revisionsOf(tx, settled, await tx.store(SettlementStore).lines(run.id));
          if (revisions.length === 0) {
            throw new SettlementsException(
              'NOTHING_TO_CORRECT',
              `correction run ${run.id} of ${run.period} gives the same figures as run ${settled.id}; nothing to issue. Post the period again to recompute the draft`,
              { runId: run.id, correctsRunId: settled.id },
            );
          }
          issued = (await this.issuer.issueCorrection(tx, run, revisions, issueDate)).length;
        } else {
          const taxPointDate = await this.issuer.taxPointDate(tx, run, issueDate);
          if (issueDate < taxPointDate) {
            throw new SettlementsException(
              'ISSUE_DATE_BEFORE_TAX_POINT',
              `The issue date ${issueDate} is before the documents' DUZP ${taxPointDate}; choose ${taxPointDate} or later`,
              { issueDate, taxPointDate },
            );
          }
          issued = (await this.issuer.issueRun(tx, run, issueDate)).length;
        }
      } catch (error) {
        if (error instanceof SettlementError && error.code === 'ISSUE_DATE_BEFORE_TAX_POINT')
          throw new SettlementsException('ISSUE_DATE_BEFORE_TAX_POINT', error.message);
        if (error instanceof SettlementError)
          throw new SettlementsException('SETTLEMENT_INPUT_INVALID', error.message, { code: error.code });
        throw error;
      }
      await tx.store(SettlementStore).markFinal(runId, principal.userId);
      const final = (await tx.store(SettlementStore).find(runId)) as SettlementRunRecord;
      await this.recordRun(tx, principal, 'finalize', run, final, { documentCount: issued });
      // One delivery by e-mail per document, stored with the documents (the outbox the worker's sweep reads).
      const deliveries = await tx.store(DeliveryStore).queueRun(runId);
      const view = await this.detail(tx, access, final);
      return { view: { ...view, documentCount: issued }, deliveries };
    });
  }

  /**
   * The documents finalising a computed, not yet final run will issue, unnumbered: built by the same code that
   * issues them (DocumentIssuer), with today as the issue date, and their sums per document kind.
   */
  async previews(principal: Principal, communityId: string, runId: string): Promise<RunPreviewView> {
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      const run = await this.visibleRun(tx, access, runId);
      if (run.status === 'final') {
        throw new SettlementsException(
          'SETTLEMENT_FINAL',
          `run ${run.id} is final: its documents are issued (GET documents?runId=${run.id})`,
          { runId: run.id },
        );
      }
      if (run.computeStatus !== 'done') {
        throw new SettlementsException(
          'SETTLEMENT_NOT_COMPUTED',
          `The run is ${run.computeStatus}; its documents can be previewed once it is computed`,
          { computeStatus: run.computeStatus },
        );
      }
      const issueDate = pragueToday();
      let drafts: SettlementDocument[];
      try {
        if (run.kind === 'correction') {
          const settled = (await tx
            .store(SettlementStore)
            .find(run.correctsRunId as string)) as SettlementRunRecord;
          const revisions = await revisionsOf(tx, settled, await tx.store(SettlementStore).lines(run.id));
          drafts = await this.issuer.correctionDrafts(tx, run, revisions, issueDate);
        } else {
          drafts = await this.issuer.runDrafts(tx, run, issueDate);
        }
      } catch (error) {
        if (error instanceof SettlementError)
          throw new SettlementsException('SETTLEMENT_INPUT_INVALID', error.message, { code: error.code });
        throw error;
      }
      const byKind = new Map<string, { count: number; net: number; vat: number; gross: number }>();
      for (const draft of drafts) {
        const sum = byKind.get(draft.kind) ?? { count: 0, net: 0, vat: 0, gross: 0 };
        byKind.set(draft.kind, {
          count: sum.count + 1,
          net: sum.net + draft.totals.net,
          vat: sum.vat + draft.totals.vat,
          gross: sum.gross + draft.totals.gross,
        });
      }
      return {
        runId: run.id,
        issueDate,
        documents: drafts.map(previewView),
        byKind: [...byKind].map(([kind, sum]) => ({
          kind: kind as DocumentPreviewView['kind'],
          count: sum.count,
          net: money(sum.net),
          vat: money(sum.vat),
          gross: money(sum.gross),
          currency: 'CZK' as const,
        })),
      };
    });
  }

  async getSettings(principal: Principal, communityId: string): Promise<SettlementSettingsView> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      return settingsView(
        await tx.store(SettlementSettingsStore).get(),
        await tx.store(VatStatusStore).communityHistory(),
      );
    });
  }

  async saveSettings(
    principal: Principal,
    communityId: string,
    body: SettlementSettingsDto,
  ): Promise<SettlementSettingsView> {
    let iban = body.iban ?? null;
    if (iban === null && body.czechAccount !== undefined) {
      try {
        iban = czechAccountToIban(body.czechAccount);
      } catch (error) {
        throw new SettlementsException(
          'SETTINGS_INVALID',
          error instanceof Error ? error.message : 'czechAccount is not valid',
        );
      }
    }
    if (iban !== null && !isValidIban(iban))
      throw new SettlementsException('SETTINGS_INVALID', `iban ${iban} has a wrong check digit`);
    const history = body.vatStatuses === undefined ? undefined : vatHistoryOf(body.vatStatuses);
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const before = await tx.store(SettlementSettingsStore).get();
      const statuses = tx.store(VatStatusStore);
      const historyBefore = await statuses.communityHistory();
      if (history !== undefined) {
        const from = firstDifference(historyBefore, history);
        if (from !== undefined) {
          // VAT of the months from the change on: refused over final documents, drafts recomputed
          await tx.store(PeriodChangeStore).apply({
            what: `the community's VAT status from ${from}`,
            days: [{ from, to: null }],
            affects: 'prices',
          });
          await statuses.replaceCommunityHistory(history);
        }
      }
      await tx.store(SettlementSettingsStore).save({
        mode: body.mode,
        iban,
        bic: body.bic ?? null,
        czechAccount: body.czechAccount ?? null,
        dueDays: body.dueDays ?? 14,
        dic: body.dic ?? null,
        email: body.email ?? null,
        taxPoint: body.taxPoint ?? before.taxPoint,
      });
      const after = settingsView(
        await tx.store(SettlementSettingsStore).get(),
        await statuses.communityHistory(),
      );
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: before.saved ? 'update' : 'create',
        entity: 'settlement-settings',
        entityId: communityId,
        ...(before.saved ? { before: settingsView(before, historyBefore) } : {}),
        after,
        masked: ['iban', 'czechAccount'],
      });
      return after;
    });
  }

  /** A step of a run in the audit trail: its state and totals before and after. */
  private recordRun(
    tx: TenantTransaction,
    principal: Principal,
    action: 'create' | 'update' | 'approve' | 'finalize',
    before: SettlementRunRecord | undefined,
    after: SettlementRunRecord,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const state = (run: SettlementRunRecord) => {
      const view = runView(run);
      return {
        period: view.period,
        kind: view.kind,
        ...(run.correctsRunId ? { correctsRunId: run.correctsRunId } : {}),
        status: view.status,
        computeStatus: view.computeStatus,
        totals: view.totals,
      };
    };
    return this.audit.recordIn(tx, {
      actorUserId: principal.userId,
      action,
      entity: 'settlement-run',
      entityId: after.id,
      ...(before !== undefined ? { before: state(before) } : {}),
      after: { ...state(after), ...extra },
    });
  }

  /** Runs a member may see are final ones only; drafts are the administrators' working copies. */
  private async visibleRun(
    tx: TenantTransaction,
    access: Access,
    runId: string,
    forUpdate = false,
  ): Promise<SettlementRunRecord> {
    const run = await tx.store(SettlementStore).find(runId, forUpdate);
    if (!run || (!access.isAdmin && run.status !== 'final')) {
      throw new SettlementsException('SETTLEMENT_NOT_FOUND', 'No such settlement run');
    }
    return run;
  }

  private async detail(
    tx: TenantTransaction,
    access: Access,
    run: SettlementRunRecord,
  ): Promise<SettlementRunView> {
    const [lines, members, parties, registered] = [
      await tx.store(SettlementStore).lines(run.id),
      await tx.store(SettlementStore).members(run.id),
      await tx.store(SettlementSource).parties(),
      await tx.store(RegistryReader).points(),
    ];
    // a line names its points by EAN and label, so an administrator recognises them before approving
    const labels = new Map(registered.map((point) => [point.ean, point.label]));
    const visible = (memberId: string): boolean => access.isAdmin || access.visibleMemberIds.has(memberId);
    const byMember = new Map<string, SettlementLineView[]>();
    lines.forEach((line, index) => {
      const view = lineView(line, index + 1, labels, run);
      for (const party of new Set([line.buyerId, line.sellerId])) {
        byMember.set(party, [...(byMember.get(party) ?? []), view]);
      }
    });
    const memberViews: SettlementMemberView[] = members
      .filter((member) => visible(member.memberId))
      .map((member) => {
        const party = parties.get(member.memberId);
        return {
          memberId: member.memberId,
          name: party?.name ?? '',
          kind: party?.kind ?? 'other',
          receivedKwh: kwh(member.receivedEnergy),
          suppliedKwh: kwh(member.suppliedEnergy),
          ownSharedKwh: kwh(member.ownSharedEnergy),
          purchases: amounts(member.purchases),
          sales: amounts(member.sales),
          ...(member.consumerSaving !== null ? { consumerSaving: money(member.consumerSaving) } : {}),
          ...(member.producerGain !== null ? { producerGain: money(member.producerGain) } : {}),
          lines: byMember.get(member.memberId) ?? [],
        };
      });
    const documentCount =
      run.status === 'final' ? (await tx.store(DocumentStore).list({ runId: run.id })).length : undefined;
    const revised =
      run.status === 'final' && access.isAdmin ? await this.revised(tx, run, parties) : undefined;
    const difference =
      run.kind === 'correction' && run.computeStatus === 'done' && access.isAdmin
        ? await this.difference(tx, run, parties)
        : undefined;
    return {
      ...runView(run),
      members: memberViews,
      ...(documentCount !== undefined ? { documentCount } : {}),
      ...(revised !== undefined ? { revised } : {}),
      ...(difference !== undefined ? { difference } : {}),
    };
  }

  /** What a computed correction run bills: its figures against those of the run it corrects, as stored. */
  private async difference(
    tx: TenantTransaction,
    run: SettlementRunRecord,
    parties: Map<string, MemberParty>,
  ): Promise<SettlementRevisionView | undefined> {
    const settled = await tx.store(SettlementStore).find(run.correctsRunId as string);
    if (!settled) return undefined;
    const revisions = await revisionsOf(tx, settled, await tx.store(SettlementStore).lines(run.id));
    return revisionView(settled, run, revisions, parties);
  }

  /**
   * How the month's current data, prices and keys differ from what it was billed (its latest final run), or
   * undefined when they do not. The month is settled again in memory; nothing is stored.
   */
  private async revised(
    tx: TenantTransaction,
    run: SettlementRunRecord,
    parties: Map<string, MemberParty>,
  ): Promise<SettlementRevisionView | undefined> {
    const settled = (await latestFinalRun(tx, run.period)) ?? run;
    let computed: Awaited<ReturnType<typeof computeSettlement>>;
    try {
      computed = await computeSettlement(tx, run.periodFrom, run.periodTo);
    } catch (error) {
      // A month that cannot be settled now (recompute pending, price list gone) shows no revision; requesting
      // the correction says why.
      if (error instanceof SettlementError) return undefined;
      throw error;
    }
    const revisions = revisedLines(await tx.store(SettlementStore).lines(settled.id), computed.result.lines);
    if (revisions.length === 0) return undefined;
    return revisionView(settled, computed.result.totals, revisions, parties);
  }
}

function revisionView(
  settled: SettlementRunRecord,
  current: { readonly sharedEnergy: number; readonly consumersPayNet: number },
  revisions: readonly LineRevision[],
  parties: Map<string, MemberParty>,
): SettlementRevisionView {
  const members = memberRevisions(revisions);
  return {
    settledRunId: settled.id,
    memberCount: members.length,
    deltaKwh: kwh(current.sharedEnergy - settled.sharedEnergy),
    deltaAmount: money(current.consumersPayNet - settled.consumersPayNet),
    currency: 'CZK',
    members: members.map((member) => ({
      memberId: member.memberId,
      name: parties.get(member.memberId)?.name ?? '',
      deltaKwh: kwh(member.deltaEnergy),
      deltaAmount: money(member.deltaAmount),
    })),
  };
}

function lineView(
  line: SettlementLine,
  position: number,
  labels: ReadonlyMap<string, string | null> = new Map(),
  run?: SettlementRunRecord,
): SettlementLineView {
  return {
    position,
    channel: line.channel,
    sellerId: line.sellerId,
    buyerId: line.buyerId,
    issuerId: line.issuerId,
    ...(line.consumerMemberId !== undefined ? { consumerMemberId: line.consumerMemberId } : {}),
    ...(line.producerMemberId !== undefined ? { producerMemberId: line.producerMemberId } : {}),
    band: line.bandId,
    energyKwh: kwh(line.energy),
    unitPricePerKwh: pricePerKwh(line.unitPrice),
    vatRatePercent: vatPercent(line.vatRate),
    net: money(line.net),
    vat: money(line.vat),
    gross: money(line.gross),
    currency: 'CZK',
    meteringPoints: [...line.meteringPoints],
    points: line.meteringPoints.map((ean) => {
      const label = labels.get(ean);
      return label ? { ean, label } : { ean };
    }),
    ...(run ? { periodFrom: run.periodFrom, periodTo: run.periodTo } : {}),
  };
}

export function runView(run: SettlementRunRecord): SettlementRunView {
  return {
    id: run.id,
    period: run.period,
    kind: run.kind,
    ...(run.correctsRunId !== null ? { correctsRunId: run.correctsRunId } : {}),
    ...(run.correctionReason !== null ? { correctionReason: run.correctionReason } : {}),
    from: run.periodFrom,
    to: run.periodTo,
    status: run.status,
    computeStatus: run.computeStatus,
    mode: run.mode,
    communityVatPayer: run.communityVatPayer,
    totals: {
      sharedKwh: kwh(run.sharedEnergy),
      consumersPay: money(run.consumersPayNet),
      producersReceive: money(run.producersReceiveNet),
      communityMargin: money(run.communityMarginNet),
      ...(run.communityNonDeductibleVat !== null
        ? {
            communityOutputVat: money(run.communityOutputVat ?? 0),
            communityInputVat: money(run.communityInputVat ?? 0),
            communityNonDeductibleVat: money(run.communityNonDeductibleVat),
            communityResult: money(run.communityMarginNet - run.communityNonDeductibleVat),
          }
        : {}),
      currency: 'CZK',
    },
    warnings: [...run.warnings],
    ...(run.settledAnyway !== null ? { settledAnyway: run.settledAnyway.map(gapView) } : {}),
    ...(run.error !== null ? { error: run.error } : {}),
    createdAt: run.createdAt.toISOString(),
    ...(run.computedAt !== null ? { computedAt: run.computedAt.toISOString() } : {}),
    ...(run.approvedAt !== null ? { approvedAt: run.approvedAt.toISOString() } : {}),
    ...(run.finalizedAt !== null ? { finalizedAt: run.finalizedAt.toISOString() } : {}),
  };
}

function previewView(document: SettlementDocument): DocumentPreviewView {
  return {
    kind: document.kind as DocumentPreviewView['kind'],
    issuerId: document.issuerId,
    series: document.series,
    sellerName: document.seller.name,
    buyerName: document.buyer.name,
    periodFrom: document.period.from,
    periodTo: document.period.to,
    net: money(document.totals.net),
    vat: money(document.totals.vat),
    gross: money(document.totals.gross),
    currency: 'CZK',
    ...(document.corrects ? { correctsNumber: document.corrects.number } : {}),
    lines: document.lines.map((line) => ({
      lineNumber: line.lineNumber,
      description: line.description,
      energyKwh: kwh(line.energy),
      unitPricePerKwh: pricePerKwh(line.unitPrice),
      vatRatePercent: vatPercent(line.vatRate),
      net: money(line.net),
      vat: money(line.vat),
      gross: money(line.gross),
      meteringPoints: [...(line.meteringPoints ?? [])],
    })),
  };
}

function gapView(gap: DataGapRecord): SettlementDataGapView {
  return {
    ean: gap.ean,
    ...(gap.label !== null ? { label: gap.label } : {}),
    missingDays: [...gap.missing],
    preliminaryDays: [...gap.preliminary],
  };
}

/** What the audit log keeps of a "settle anyway": the points and days accepted. */
function settledAnywayAudit(accepted: readonly DataGapRecord[] | undefined): Record<string, unknown> {
  return accepted ? { settleAnyway: true, acceptedGaps: accepted.map(gapView) } : {};
}

function settingsView(
  settings: Awaited<ReturnType<SettlementSettingsStore['get']>>,
  vatStatuses: readonly VatStatusPeriod[],
): SettlementSettingsView {
  return {
    mode: settings.mode,
    vatStatus: vatStatusOn(vatStatuses, pragueToday()).status,
    vatStatuses: vatStatuses.map((row) => ({ validFrom: row.validFrom, status: row.status })),
    taxPoint: settings.taxPoint,
    ...(settings.iban !== null ? { iban: settings.iban } : {}),
    ...(settings.czechAccount !== null ? { czechAccount: settings.czechAccount } : {}),
    ...(settings.bic !== null ? { bic: settings.bic } : {}),
    dueDays: settings.dueDays,
    ...(settings.dic !== null ? { dic: settings.dic } : {}),
    ...(settings.email !== null ? { email: settings.email } : {}),
    saved: settings.saved,
  };
}

/** A VAT history as sent: one row per day, ordered; 422 naming a day given twice. */
export function vatHistoryOf(
  rows: readonly { validFrom: string; status: VatStatusPeriod['status']; dic?: string }[],
): VatStatusPeriod[] {
  const sorted = [...rows].sort((a, b) =>
    a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0,
  );
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.validFrom === sorted[i - 1]?.validFrom) {
      throw new SettlementsException(
        'VAT_STATUS_INVALID',
        `vatStatuses: two rows start on ${sorted[i]?.validFrom}; one status per day`,
      );
    }
  }
  return sorted.map((row) => ({
    validFrom: row.validFrom,
    status: row.status,
    ...(row.dic !== undefined ? { dic: row.dic } : {}),
  }));
}
