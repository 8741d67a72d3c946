import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import {
  isNotRecomputed,
  PriceListStore,
  SettlementSettingsStore,
  SettlementSource,
  SettlementStore,
  SHARING_RECOMPUTE,
  type SharingRecompute,
} from '@sdilna/api/data-access-settlement';
import { VatStatusStore } from '@sdilna/api/data-access-registry';
import {
  chargesVat,
  SettlementError,
  settlementWarning,
  settlePeriod,
  vatStatusOn,
  type SettlementMode,
  type SettlementResult,
} from '@sdilna/shared/domain-settlement';

/** Findings beyond this many are summarised: a run with 1 000 members without a supplier price stays readable. */
const MAX_WARNINGS = 100;

export type ComputeOutcome = 'done' | 'failed' | 'skipped';

/**
 * Computes a draft run: reads members, prices and EDC's shared energy of the period, prices them with the
 * settlement library and replaces the draft's lines in one transaction. Approved and final runs are left alone.
 */
@Injectable()
export class SettlementRunner {
  private readonly logger = new Logger('SettlementRunner');

  constructor(
    private readonly database: TenantDatabase,
    // Where the worker runs the recompute (feature-sharing provides it), a draft waits for it instead of failing.
    @Optional() @Inject(SHARING_RECOMPUTE) private readonly recompute?: SharingRecompute,
  ) {}

  async compute(communityId: string, runId: string): Promise<ComputeOutcome> {
    const started = await this.database.run(communityId, async (tx) => {
      const run = await tx.store(SettlementStore).find(runId);
      if (!run || run.status !== 'draft') return false;
      await tx.store(SettlementStore).setComputeStatus(runId, 'running');
      return true;
    });
    if (!started) return 'skipped';
    try {
      try {
        return await this.settle(communityId, runId);
      } catch (error) {
        // A month imported or re-keyed a moment ago: its recompute may still be queued. Run it now, once, and
        // settle again; the engine still runs only in the recompute, and a second refusal is recorded below.
        if (!(error instanceof SettlementError) || !isNotRecomputed(error.details) || !this.recompute)
          throw error;
        const period = await this.database.run(communityId, (tx) => tx.store(SettlementStore).find(runId));
        if (!period) return 'skipped';
        this.logger.log(`Recomputing ${period.periodFrom}..${period.periodTo} before settling run ${runId}`);
        await this.recompute.run(communityId, period.periodFrom, period.periodTo);
        return await this.settle(communityId, runId);
      }
    } catch (error) {
      // Input problems (no price list, a point without a member) are the administrator's to fix: record them on
      // the run and do not retry. Anything else is recorded and rethrown so the job is retried.
      const known = error instanceof SettlementError;
      const recorded = known
        ? { code: error.code, message: error.message }
        : { code: 'INTERNAL', message: 'The settlement could not be computed; the error has been logged.' };
      if (!known) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      await this.database.run(communityId, (tx) =>
        tx.store(SettlementStore).setComputeStatus(runId, 'failed', recorded),
      );
      if (!known) throw error;
      return 'failed';
    }
  }

  /** One attempt in one transaction: replaces the draft's lines, or throws what stops it. */
  private settle(communityId: string, runId: string): Promise<ComputeOutcome> {
    return this.database.run(communityId, async (tx): Promise<ComputeOutcome> => {
      // The month's advisory lock before the run's row lock: the order every transition of a run takes them in.
      const unlocked = await tx.store(SettlementStore).find(runId);
      if (!unlocked) return 'skipped';
      await tx.store(SettlementStore).lockPeriod(unlocked.period);
      const run = await tx.store(SettlementStore).find(runId, true);
      if (!run || run.status !== 'draft') return 'skipped';
      const computed = await computeSettlement(tx, run.periodFrom, run.periodTo);
      await tx.store(SettlementStore).replaceResult(runId, computed.result, {
        mode: computed.mode,
        communityVatPayer: computed.communityVatPayer,
      });
      return 'done';
    });
  }
}

/**
 * A settlement of [from, to] from the current registry, prices and stored sharing, in the caller's transaction,
 * without storing it: what a draft stores, and what a final month is compared with to see whether it is revised.
 */
export async function computeSettlement(
  tx: TenantTransaction,
  from: string,
  to: string,
): Promise<{ result: SettlementResult; mode: SettlementMode; communityVatPayer: boolean }> {
  const settings = await tx.store(SettlementSettingsStore).get();
  const priceLists = await tx.store(PriceListStore).list({ from, to });
  if (priceLists.length === 0) {
    throw new SettlementError('NO_PRICE_LIST', `no price list is valid in ${from}..${to}; add one first`);
  }
  const source = await tx.store(SettlementSource).load(from, to);
  // VAT follows each party's status on the DUZP, the period's last day (finalising checks it still holds on the
  // DUZP of the documents it issues)
  const communityStatus = vatStatusOn(await tx.store(VatStatusStore).communityHistory(), to).status;
  const communityVatPayer = chargesVat(communityStatus);
  const result = settlePeriod({
    period: { from, to },
    mode: settings.mode,
    community: { vatStatus: communityStatus },
    members: source.members,
    priceLists,
    sharing: source.sharing,
  });
  const warnings = [...source.warnings, ...result.warnings];
  const kept =
    warnings.length > MAX_WARNINGS
      ? [
          ...warnings.slice(0, MAX_WARNINGS),
          settlementWarning(
            'MORE_FINDINGS',
            { count: warnings.length - MAX_WARNINGS },
            `… and ${warnings.length - MAX_WARNINGS} more findings`,
          ),
        ]
      : warnings;
  return { result: { ...result, warnings: kept }, mode: settings.mode, communityVatPayer };
}
