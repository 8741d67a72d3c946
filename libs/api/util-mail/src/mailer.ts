import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

import { AppConfig } from '@sdilna/api/util-config';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface MailAttachment {
  readonly filename: string;
  readonly content: Buffer | string;
  readonly contentType: string;
}

/** A message the worker sends and retries: it may carry files and a stable Message-ID (the same mail on a retry). */
export interface DeliverableMail extends MailMessage {
  readonly attachments?: readonly MailAttachment[];
  /** `<…@…>`: a receiving server that sees the same id twice may drop the second copy */
  readonly messageId?: string;
}

/**
 * Sends mail through the SMTP server of `SMTP_URL`. The transport is created on first use from AppConfig, so
 * a test can point SMTP_URL at its own server before it creates the application.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private transport: Transporter | undefined;
  private readonly pending = new Set<Promise<boolean>>();

  constructor(private readonly config: AppConfig) {}

  /** Resolves true when the server accepted the message; a mail outage must not fail the caller's use case. */
  async send(message: MailMessage): Promise<boolean> {
    try {
      this.transport ??= createTransport(this.config.SMTP_URL);
      await this.transport.sendMail({ from: this.config.MAIL_FROM, ...message });
      return true;
    } catch (error) {
      this.logger.warn(
        `Mail "${message.subject}" was not delivered: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }

  /**
   * Sends or throws what the server answered (a 5xx refusal, a dropped connection): for the worker's mail jobs,
   * which retry with backoff and record the last reason.
   */
  async deliver(message: DeliverableMail): Promise<void> {
    this.transport ??= createTransport(this.config.SMTP_URL);
    const { attachments, messageId, ...rest } = message;
    await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      ...rest,
      ...(attachments ? { attachments: attachments.map((attachment) => ({ ...attachment })) } : {}),
      ...(messageId ? { messageId } : {}),
    });
  }

  /**
   * Sends after the caller has answered: where the answer must not reveal whether a mail went out (password
   * resets), the SMTP round trip must not be in it. Failures are logged by `send`.
   */
  sendInBackground(message: MailMessage): void {
    const sending = this.send(message).finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  async onModuleDestroy(): Promise<void> {
    // Mails sent in the background go out before the process closes the transport.
    await Promise.allSettled([...this.pending]);
    this.transport?.close();
  }
}
