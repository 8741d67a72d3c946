import { Injectable, Logger } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { CommunityAccess, type Access } from '@sdilna/api/data-access-registry';
import {
  DocumentStore,
  SettlementSettingsStore,
  SettlementSource,
  SettlementStore,
  type SettlementRunRecord,
} from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import { withinDeadline } from '@sdilna/api/util-jobs';
import { pragueToday } from '@sdilna/api/util-registry';
import {
  czechAccountToIban,
  isValidIban,
  SettlementError,
  type SettlementLine,
} from '@sdilna/shared/domain-settlement';

import { DocumentIssuer } from '../documents/document-issuer';
import { SettlementJobs } from '../jobs/settlement-jobs';
import { amounts, kwh, money, pricePerKwh, vatPercent } from '../money-json';
import { monthPeriod } from '../settlement-period';
import { SettlementsException } from '../settlements.exception';
import type {
  SettlementLineView,
  SettlementMemberView,
  SettlementRunView,
  SettlementSettingsDto,
  SettlementSettingsView,
} from './dtos/settlement.dto';

@Injectable()
export class SettlementsService {
  private readonly logger = new Logger('Settlements');

  constructor(
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly issuer: DocumentIssuer,
    private readonly jobs: SettlementJobs,
  ) {}

  /** Creates the month's draft run (or sends an existing draft back to computation) and enqueues the job. */
  async request(principal: Principal, communityId: string, period: string): Promise<SettlementRunView> {
    const month = monthPeriod(period);
    const run = await this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      await tx.store(SettlementStore).lockPeriod(month.period);
      const existing = await tx.store(SettlementStore).findByPeriod(month.period);
      if (!existing) {
        return tx.store(SettlementStore).create({
          ...month,
          requestedBy: principal.userId,
          reason: 'manual',
        });
      }
      if (existing.status === 'final') {
        throw new SettlementsException(
          'SETTLEMENT_FINAL',
          `${month.period} is settled and final; correct its documents instead`,
          {
            runId: existing.id,
          },
        );
      }
      // A draft whose job has not started yet already answers this request: requeueing it would only race the
      // job that is about to start. A job that is computing holds the month; the caller is told which run.
      if (existing.status === 'draft' && existing.computeStatus === 'queued') return existing;
      if (existing.status === 'draft' && existing.computeStatus === 'running') {
        throw new SettlementsException(
          'SETTLEMENT_IN_PROGRESS',
          `${month.period} is being computed now (run ${existing.id}); ask again once it is done`,
          { runId: existing.id },
        );
      }
      return tx.store(SettlementStore).requeue(existing.id, principal.userId);
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
      return this.detail(tx, access, (await tx.store(SettlementStore).find(runId)) as SettlementRunRecord);
    });
  }

  /** Issues the documents of an approved run and makes it final, all in one transaction. */
  async finalize(principal: Principal, communityId: string, runId: string): Promise<SettlementRunView> {
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
        issued = (await this.issuer.issueRun(tx, run, pragueToday())).length;
      } catch (error) {
        if (error instanceof SettlementError)
          throw new SettlementsException('SETTLEMENT_INPUT_INVALID', error.message, { code: error.code });
        throw error;
      }
      await tx.store(SettlementStore).markFinal(runId, principal.userId);
      const view = await this.detail(
        tx,
        access,
        (await tx.store(SettlementStore).find(runId)) as SettlementRunRecord,
      );
      return { ...view, documentCount: issued };
    });
  }

  async getSettings(principal: Principal, communityId: string): Promise<SettlementSettingsView> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      return settingsView(await tx.store(SettlementSettingsStore).get());
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
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      await tx.store(SettlementSettingsStore).save({
        mode: body.mode,
        iban,
        bic: body.bic ?? null,
        czechAccount: body.czechAccount ?? null,
        dueDays: body.dueDays ?? 14,
        dic: body.dic ?? null,
        email: body.email ?? null,
      });
      return settingsView(await tx.store(SettlementSettingsStore).get());
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
    const [lines, members, parties] = [
      await tx.store(SettlementStore).lines(run.id),
      await tx.store(SettlementStore).members(run.id),
      await tx.store(SettlementSource).parties(),
    ];
    const visible = (memberId: string): boolean => access.isAdmin || access.visibleMemberIds.has(memberId);
    const byMember = new Map<string, SettlementLineView[]>();
    lines.forEach((line, index) => {
      const view = lineView(line, index + 1);
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
    return {
      ...runView(run),
      members: memberViews,
      ...(documentCount !== undefined ? { documentCount } : {}),
    };
  }
}

function lineView(line: SettlementLine, position: number): SettlementLineView {
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
  };
}

export function runView(run: SettlementRunRecord): SettlementRunView {
  return {
    id: run.id,
    period: run.period,
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
      currency: 'CZK',
    },
    warnings: [...run.warnings],
    ...(run.error !== null ? { error: run.error } : {}),
    createdAt: run.createdAt.toISOString(),
    ...(run.computedAt !== null ? { computedAt: run.computedAt.toISOString() } : {}),
    ...(run.approvedAt !== null ? { approvedAt: run.approvedAt.toISOString() } : {}),
    ...(run.finalizedAt !== null ? { finalizedAt: run.finalizedAt.toISOString() } : {}),
  };
}

function settingsView(settings: Awaited<ReturnType<SettlementSettingsStore['get']>>): SettlementSettingsView {
  return {
    mode: settings.mode,
    ...(settings.iban !== null ? { iban: settings.iban } : {}),
    ...(settings.czechAccount !== null ? { czechAccount: settings.czechAccount } : {}),
    ...(settings.bic !== null ? { bic: settings.bic } : {}),
    dueDays: settings.dueDays,
    ...(settings.dic !== null ? { dic: settings.dic } : {}),
    ...(settings.email !== null ? { email: settings.email } : {}),
    saved: settings.saved,
  };
}
