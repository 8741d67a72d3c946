import { Injectable } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { SettlementSettingsStore, SettlementStore } from '@sdilna/api/data-access-settlement';
import { AppConfig } from '@sdilna/api/util-config';
import { HandlesJob, type JobHandler, type JobPayloads } from '@sdilna/api/util-jobs';
import { mailLanguageNamed, Mailer, settlementDraftMail } from '@sdilna/api/util-mail';
import { settlementsLink } from '@sdilna/shared/util-portal-routes';

import { money } from '../money-json';
import { SettlementRunner, type ComputeOutcome } from '../settlements/settlement-runner';

@Injectable()
@HandlesJob('settlements.compute')
export class SettleHandler implements JobHandler<'settlements.compute'> {
  constructor(
    private readonly runner: SettlementRunner,
    private readonly database: TenantDatabase,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  async handle(payload: JobPayloads['settlements.compute']): Promise<ComputeOutcome> {
    const outcome = await this.runner.compute(payload.communityId, payload.runId);
    if (payload.notifyAdmins && outcome !== 'skipped') await this.notify(payload.communityId, payload.runId);
    return outcome;
  }

  /** Tells the administrators a draft waits for them; finalising stays a person's decision. */
  private async notify(communityId: string, runId: string): Promise<void> {
    const { run, admins, name } = await this.database.run(communityId, async (tx) => ({
      run: await tx.store(SettlementStore).find(runId),
      admins: await tx.store(SettlementSettingsStore).admins(),
      name: (await tx.store(SettlementSettingsStore).community())?.name ?? '',
    }));
    if (!run) return;
    const link = settlementsLink(this.config.PUBLIC_URL, communityId);
    const outcome =
      run.computeStatus === 'done'
        ? {
            computed: true as const,
            consumersPayNet: money(run.consumersPayNet),
            producersReceiveNet: money(run.producersReceiveNet),
          }
        : { computed: false as const, error: run.error?.message ?? 'unknown error' };
    // Each administrator in their own language (users.language, the portal's language they last signed in with).
    for (const admin of admins) {
      await this.mailer.send({
        to: admin.email,
        ...settlementDraftMail(mailLanguageNamed(admin.language), {
          communityName: name,
          period: run.period,
          link,
          outcome,
        }),
      });
    }
  }
}
