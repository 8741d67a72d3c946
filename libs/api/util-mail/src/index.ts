export { MailModule } from './mail.module';
export { Mailer } from './mailer';
export type { MailMessage } from './mailer';
export {
  connectorFailureMail,
  DEFAULT_MAIL_LANGUAGE,
  invitationMail,
  mailLanguageNamed,
  mailLanguageOf,
  passwordResetMail,
  roleInWords,
  settlementDraftMail,
  statedLanguageOf,
} from './mail-texts';
export type {
  ConnectorFailureMailInput,
  InvitationMailInput,
  MailLanguage,
  MailText,
  PasswordResetMailInput,
  SettlementDraftMailInput,
} from './mail-texts';
