export { MailModule } from './mail.module';
export { Mailer } from './mailer';
export type { MailMessage } from './mailer';
