import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

import { AppConfig } from '@sdilna/api/util-config';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * Sends mail through the SMTP server of `SMTP_URL`. The transport is created on first use from AppConfig, so
 * a test can point SMTP_URL at its own server before it creates the application.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private transport: Transporter | undefined;

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

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
