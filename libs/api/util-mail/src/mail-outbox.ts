import { Injectable, Logger } from '@nestjs/common';

import { AppConfig } from '@sdilna/api/util-config';
import { JobProducer, withinDeadline } from '@sdilna/api/util-jobs';

import type { MailMessage } from './mailer';

/** What a transactional mail is about; with the id of that thing it names the job (one mail per link). */
export type MailPurpose =
  'invitation' | 'password-reset' | 'join-confirmation' | 'join-declined' | 'payment-reminder';

export function mailJobId(purpose: MailPurpose, id: string): string {
  return `mail:${purpose}:${id}`;
}

/**
 * Puts a rendered mail on the `mail` queue; the worker sends it, retrying with backoff (MAIL_ATTEMPTS,
 * MAIL_BACKOFF_MS). The job is removed when it ends, sent or not: its text carries a single-use link that must not
 * stay in Redis. Resolves false when Redis did not take the job in time; the caller's work is stored either way.
 */
@Injectable()
export class MailOutbox {
  private readonly logger = new Logger('MailOutbox');

  constructor(
    private readonly jobs: JobProducer,
    private readonly config: AppConfig,
  ) {}

  /**
   * `keepFailed`: a job that failed its last attempt stays in Redis (failed) for its producer to find and act on;
   * only for mails without a single-use link (payment reminders).
   */
  async enqueue(
    purpose: MailPurpose,
    id: string,
    message: MailMessage,
    options: { keepFailed?: boolean } = {},
  ): Promise<boolean> {
    try {
      await withinDeadline(
        this.jobs.enqueue(
          'mail.send',
          { to: message.to, subject: message.subject, text: message.text },
          mailJobId(purpose, id),
          {
            attempts: this.config.MAIL_ATTEMPTS,
            backoff: { type: 'exponential', delay: this.config.MAIL_BACKOFF_MS },
            removeOnComplete: true,
            removeOnFail: options.keepFailed !== true,
          },
        ),
      );
      return true;
    } catch (error) {
      this.logger.warn(
        `Mail "${message.subject}" (${purpose} ${id}) was not queued: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }
}
