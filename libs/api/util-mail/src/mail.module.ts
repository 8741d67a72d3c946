import { Global, Module } from '@nestjs/common';

import { MailOutbox } from './mail-outbox';
import { Mailer } from './mailer';

/** The mailer and the outbox that queues mail for the worker (JobsModule must be imported by the application). */
@Global()
@Module({ providers: [Mailer, MailOutbox], exports: [Mailer, MailOutbox] })
export class MailModule {}
