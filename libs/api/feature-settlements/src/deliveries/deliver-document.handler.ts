import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { DeliveryStore, DocumentStore, SettlementSettingsStore } from '@sdilna/api/data-access-settlement';
import { AppConfig } from '@sdilna/api/util-config';
import { HandlesJob, type JobHandler, type JobPayloads } from '@sdilna/api/util-jobs';
import { documentMail, Mailer, mailLanguageNamed, type MailedDocumentKind } from '@sdilna/api/util-mail';
import { writeIsdoc } from '@sdilna/shared/util-documents';
import { renderInvoicePdf } from '@sdilna/shared/util-documents/node';
import { memberDocumentsLink } from '@sdilna/shared/util-portal-routes';

import { money } from '../money-json';

export type DeliveryOutcome = 'sent' | 'skipped';

/**
 * Mails one issued document to its member with the PDF and the ISDOC attached, in the language of the member's
 * login (Czech without one). Only a delivery still `queued` in this generation is sent: a job retried after the
 * mail went out, or an older generation after a resend, finds nothing to do. A failed attempt records its reason
 * and is retried with backoff; after the last attempt the delivery is `failed` with that reason.
 */
@Injectable()
@HandlesJob('deliveries.document')
export class DeliverDocumentHandler implements JobHandler<'deliveries.document'> {
  constructor(
    private readonly database: TenantDatabase,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  async handle(
    payload: JobPayloads['deliveries.document'],
    job: Job<JobPayloads['deliveries.document']>,
  ): Promise<DeliveryOutcome> {
    const { communityId, documentId, generation } = payload;
    const prepared = await this.database.run(communityId, async (tx) => {
      const delivery = await tx.store(DeliveryStore).find(documentId);
      if (!delivery || delivery.generation !== generation || delivery.status !== 'queued') return undefined;
      if (delivery.recipient === null || delivery.memberId === null) return undefined;
      const found = await tx.store(DocumentStore).find(documentId);
      if (!found) return undefined;
      return {
        recipient: delivery.recipient,
        memberId: delivery.memberId,
        record: found.record,
        document: found.document,
        language: mailLanguageNamed(await tx.store(DeliveryStore).languageOfMember(delivery.memberId)),
        communityName: (await tx.store(SettlementSettingsStore).community())?.name ?? '',
      };
    });
    if (!prepared) return 'skipped';
    const { record, document } = prepared;
    try {
      // The creation date is the issue date: the attachment is byte for byte the PDF the portal downloads.
      const pdf = await renderInvoicePdf(document, {
        creationDate: new Date(`${document.issueDate}T00:00:00Z`),
      });
      await this.mailer.deliver({
        to: prepared.recipient,
        ...documentMail(prepared.language, {
          communityName: prepared.communityName,
          kind: record.kind as MailedDocumentKind,
          number: record.number,
          periodFrom: record.periodFrom,
          periodTo: record.periodTo,
          gross: money(record.gross),
          dueDate: record.dueDate,
          variableSymbol: record.variableSymbol,
          link: memberDocumentsLink(this.config.PUBLIC_URL, communityId, prepared.memberId),
        }),
        attachments: [
          { filename: `${record.number}.pdf`, content: Buffer.from(pdf), contentType: 'application/pdf' },
          {
            filename: `${record.number}.isdoc`,
            content: writeIsdoc(document),
            contentType: 'application/xml',
          },
        ],
        messageId: `<document.${documentId}.${generation}@sdilna>`,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.database.run(communityId, (tx) =>
        tx.store(DeliveryStore).recordFailure(documentId, generation, reason, final),
      );
      throw error;
    }
    await this.database.run(communityId, (tx) => tx.store(DeliveryStore).recordSent(documentId, generation));
    return 'sent';
  }
}
