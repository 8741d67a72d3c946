import { Injectable } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { SettlementStore } from '@sdilna/api/data-access-settlement';
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
    private readonly runs: SettlementStore,
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
    const { run, admins, name } = await this.database.run(communityId, async (manager) => ({
      run: await this.runs.find(manager, communityId, runId),
      admins: (await manager.query(
        `SELECT u.email, u.language FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.community_id = $1 AND m.role = 'community-admin' ORDER BY u.email`,
        [communityId],
      )) as Array<{ email: string; language: string }>,
      name:
        (
          (await manager.query(`SELECT name FROM communities WHERE community_id = $1`, [
            communityId,
          ])) as Array<{ name: string }>
        )[0]?.name ?? '',
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
