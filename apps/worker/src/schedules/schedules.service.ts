import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

import { JobProducer } from '@sdilna/api/util-jobs';

import { QUEUED_WORK_EVERY_MS, QueuedWorkHandler } from '../system/queued-work.handler';

/** Every 5 minutes, as architecture.md asks of the inbox. */
export const INBOX_SCAN_EVERY_MS = 5 * 60_000;
/** EDC publishes the previous day at about 10:30 and revises late days; 35 days cover a month plus its revisions. */
export const NIGHTLY_RECOMPUTE_DAYS = 35;
export const COMPLETENESS_CHECK_DAYS = 35;
/** Notifications whose recipient wants a mail per event go out within 5 minutes. */
export const NOTIFICATION_MAIL_EVERY_MS = 5 * 60_000;

/**
 * Upserts the repeatable jobs at worker start. `upsertJobScheduler` is idempotent by scheduler id, so several
 * workers starting together, or a restart, leave exactly one schedule of each. Schedules only enqueue work.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Schedules');

  constructor(
    private readonly jobs: JobProducer,
    private readonly queuedWork: QueuedWorkHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs
      .queue('imports')
      .upsertJobScheduler(
        'inbox-scan',
        { every: INBOX_SCAN_EVERY_MS },
        { name: 'imports.scan-inbox', data: { requestedAt: 'schedule' } },
      );
    await this.jobs
      .queue('sharing')
      .upsertJobScheduler(
        'nightly-recompute',
        { pattern: '30 2 * * *', tz: 'Europe/Prague' },
        { name: 'sharing.recompute-nightly', data: { days: NIGHTLY_RECOMPUTE_DAYS } },
      );
    await this.jobs
      .queue('sharing')
      .upsertJobScheduler(
        'daily-completeness',
        { pattern: '0 12 * * *', tz: 'Europe/Prague' },
        { name: 'sharing.check-completeness', data: { days: COMPLETENESS_CHECK_DAYS } },
      );
    await this.jobs
      .queue('system')
      .upsertJobScheduler(
        'queued-work',
        { every: QUEUED_WORK_EVERY_MS },
        { name: 'system.enqueue-queued-work', data: { requestedAt: 'schedule' } },
      );
    // Alerts: raised hourly (each once), mailed per event every 5 minutes, and the daily digest in the morning.
    await this.jobs
      .queue('system')
      .upsertJobScheduler(
        'notifications-scan',
        { pattern: '15 * * * *', tz: 'Europe/Prague' },
        { name: 'notifications.scan', data: { requestedAt: 'schedule' } },
      );
    await this.jobs
      .queue('system')
      .upsertJobScheduler(
        'notifications-send',
        { every: NOTIFICATION_MAIL_EVERY_MS },
        { name: 'notifications.send', data: { requestedAt: 'schedule' } },
      );
    await this.jobs
      .queue('system')
      .upsertJobScheduler(
        'notifications-digest',
        { pattern: '0 7 * * *', tz: 'Europe/Prague' },
        { name: 'notifications.digest', data: { requestedAt: 'schedule' } },
      );
    this.logger.log(
      'Schedules: alerts hourly, their mails every 5 minutes and the digest daily at 07:00, inbox scan every 5 minutes, recompute nightly at 02:30, completeness daily at 12:00, queued work every minute',
    );
    // Work stored while Redis was away is picked up as soon as a worker is back, not a minute later.
    const swept = await this.queuedWork.handle({ requestedAt: new Date().toISOString() });
    if (swept.imports + swept.settlements > 0)
      this.logger.log(
        `At start: ${swept.imports} queued imports and ${swept.settlements} settlement runs enqueued`,
      );
  }
}
