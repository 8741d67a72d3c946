import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { HandlesJob, type JobHandler, type JobPayloads } from '@sdilna/api/util-jobs';

import { Mailer } from './mailer';

/** The worker's side of MailOutbox: sends the mail, or throws so BullMQ retries it with backoff. */
@Injectable()
@HandlesJob('mail.send')
export class SendMailHandler implements JobHandler<'mail.send'> {
  constructor(private readonly mailer: Mailer) {}

  async handle(payload: JobPayloads['mail.send'], job: Job<JobPayloads['mail.send']>): Promise<'sent'> {
    // The job id names the invitation or reset: a retry of the same mail carries the same Message-ID.
    await this.mailer.deliver({ ...payload, messageId: `<${String(job.id).replaceAll(':', '.')}@sdilna>` });
    return 'sent';
  }
}
