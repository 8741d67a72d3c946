export { MailModule } from './mail.module';
export { Mailer } from './mailer';
export type { MailMessage } from './mailer';
export {
  DEFAULT_MAIL_LANGUAGE,
  invitationMail,
  mailLanguageOf,
  passwordResetMail,
  roleInWords,
} from './mail-texts';
export type { InvitationMailInput, MailLanguage, MailText, PasswordResetMailInput } from './mail-texts';
