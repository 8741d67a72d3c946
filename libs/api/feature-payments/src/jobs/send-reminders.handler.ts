import { Injectable, Logger } from '@nestjs/common';

import { CrossTenantStore, TenantDatabase } from '@sdilna/api/data-access-db';
import { PaymentStore, SettlementSettingsStore } from '@sdilna/api/data-access-settlement';
import { AppConfig } from '@sdilna/api/util-config';
import { HandlesJob, JobProducer, type JobHandler, type JobPayloads } from '@sdilna/api/util-jobs';
import { mailJobId, mailLanguageNamed, MailOutbox, type MailMessage } from '@sdilna/api/util-mail';
import { pragueToday } from '@sdilna/api/util-registry';
import { reminderStepDue } from '@sdilna/shared/domain-payments';
import { formatIban } from '@sdilna/shared/domain-settlement';
import { moneyText } from '@sdilna/shared/util-api-contract';
import { memberDocumentsLink } from '@sdilna/shared/util-portal-routes';

import { documentParties } from '../overview/document-parties';
import { PaymentSettingsStore } from '../overview/payment-settings-store';
import { paymentReminderMail } from './reminder-mail';

interface Reminder {
  readonly documentId: string;
  readonly step: number;
  readonly message: MailMessage;
}

/** The mail job of one reminder step: `mail:payment-reminder:<community>.<document>.<step>`. */
export function reminderJobId(communityId: string, documentId: string, step: number): string {
  return mailJobId('payment-reminder', `${communityId}.${documentId}.${step}`);
}

const REMINDER_JOB = /^mail:payment-reminder:([0-9a-f-]{36})\.([0-9a-f-]{36})\.(\d+)$/;

/**
 * Daily: queues a reminder mail for every overdue document a member owes the community, on each reminder step
 * (days after the due date) at most once. The step is recorded before the mail is queued, in the same transaction
 * that read the documents, so two workers never queue it twice. The worker's `mail` queue sends it with retries
 * and backoff (MAIL_ATTEMPTS, MAIL_BACKOFF_MS); a reminder the mail server still refused after the last attempt,
 * or one Redis did not take, gives its record back and is tried again the next day. Paid documents are never
 * reminded: only `overdue` ones with something outstanding.
 */
@Injectable()
@HandlesJob('payments.send-reminders')
export class SendRemindersHandler implements JobHandler<'payments.send-reminders'> {
  private readonly logger = new Logger('PaymentReminders');

  constructor(
    private readonly system: CrossTenantStore,
    private readonly database: TenantDatabase,
    private readonly outbox: MailOutbox,
    private readonly jobs: JobProducer,
    private readonly config: AppConfig,
  ) {}

  /** `sent`: the reminders queued for the mail worker in this run */
  async handle(payload: JobPayloads['payments.send-reminders']): Promise<{ sent: number }> {
    const now = Date.parse(payload.requestedAt);
    const today = pragueToday(Number.isNaN(now) ? Date.now() : now);
    await this.releaseRefused();
    let sent = 0;
    for (const communityId of await this.system.communitiesWithReadings()) {
      const reminders = await this.database.run(communityId, (tx) => this.due(tx, communityId, today));
      for (const reminder of reminders) {
        const queued = await this.outbox.enqueue(
          'payment-reminder',
          `${communityId}.${reminder.documentId}.${reminder.step}`,
          reminder.message,
          { keepFailed: true },
        );
        if (queued) sent += 1;
        else await this.release(communityId, reminder.documentId, reminder.step);
      }
    }
    if (sent > 0) this.logger.log(`Queued ${sent} payment reminders for ${today}`);
    return { sent };
  }

  /**
   * Reminders whose mail failed its last attempt since the previous run: their records go, so this run queues
   * the step again (the job goes too, else its id would keep the new one out).
   */
  private async releaseRefused(): Promise<void> {
    for (const job of await this.jobs.queue('mail').getFailed()) {
      const match = REMINDER_JOB.exec(String(job.id));
      if (!match) continue;
      const [, communityId, documentId, step] = match as unknown as [string, string, string, string];
      await this.release(communityId, documentId, Number(step));
      await job.remove();
      this.logger.warn(`Payment reminder ${documentId} step ${step} was refused: ${job.failedReason}`);
    }
  }

  private async release(communityId: string, documentId: string, step: number): Promise<void> {
    await this.database.run(communityId, (tx) =>
      tx.query(`DELETE FROM payment_reminders WHERE document_id = $1 AND step = $2`, [documentId, step]),
    );
  }

  private async due(
    tx: Parameters<Parameters<TenantDatabase['run']>[1]>[0],
    communityId: string,
    today: string,
  ): Promise<Reminder[]> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 21))`, [`${communityId}:reminders`]);
    const steps = await tx.store(PaymentSettingsStore).reminderDays();
    if (steps.length === 0) return [];
    const overdue = await tx.store(PaymentStore).overdueReceivables(today);
    const sentRows = await tx.query<{ documentId: string; step: number }>(
      `SELECT document_id AS "documentId", step FROM payment_reminders`,
    );
    const sentSteps = new Map<string, number[]>();
    for (const row of sentRows)
      sentSteps.set(row.documentId, [...(sentSteps.get(row.documentId) ?? []), row.step]);
    const parties = await documentParties(tx);
    const contacts = new Map(
      (
        await tx.query<{ id: string; email: string | null; language: string | null }>(
          `SELECT m.id::text AS id, m.email,
                  (SELECT u.language FROM memberships ms JOIN users u ON u.id = ms.user_id
                    WHERE ms.member_id = m.id ORDER BY ms.created_at LIMIT 1) AS language
             FROM members m`,
        )
      ).map((row) => [row.id, row]),
    );
    const settings = await tx.store(SettlementSettingsStore).get();
    const community = await tx.store(SettlementSettingsStore).community();
    const reminders: Reminder[] = [];
    for (const { record, state } of overdue) {
      const step = reminderStepDue({
        dueDate: state.dueDate,
        today,
        steps,
        sentSteps: sentSteps.get(record.id) ?? [],
      });
      if (step === undefined) continue;
      const contact = contacts.get(record.buyerId);
      const to = contact?.email ?? parties.get(record.id)?.buyerEmail ?? null;
      if (to === null) {
        this.logger.warn(`No e-mail for the buyer of ${record.number}; no reminder`);
        continue;
      }
      const inserted = await tx.query<{ step: number }>(
        `INSERT INTO payment_reminders (community_id, document_id, step, sent_to) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING step`,
        [communityId, record.id, step, to],
      );
      if (inserted.length === 0) continue;
      reminders.push({
        documentId: record.id,
        step,
        message: {
          to,
          ...paymentReminderMail(mailLanguageNamed(contact?.language), {
            communityName: community?.name ?? '',
            documentNumber: record.number,
            variableSymbol: record.variableSymbol,
            dueDate: state.dueDate,
            outstanding: moneyText(state.outstanding),
            ...(settings.iban !== null
              ? { account: settings.czechAccount ?? formatIban(settings.iban) }
              : {}),
            link: memberDocumentsLink(this.config.PUBLIC_URL, communityId, record.buyerId),
          }),
        },
      });
    }
    return reminders;
  }
}
