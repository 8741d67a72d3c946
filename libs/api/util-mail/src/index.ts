export { MailModule } from './mail.module';
export { Mailer } from './mailer';
export type { DeliverableMail, MailAttachment, MailMessage } from './mailer';
export { mailJobId, MailOutbox } from './mail-outbox';
export type { MailPurpose } from './mail-outbox';
export { SendMailHandler } from './send-mail.handler';
export {
  connectorFailureMail,
  DEFAULT_MAIL_LANGUAGE,
  documentMail,
  invitationMail,
  joinConfirmationMail,
  joinDeclinedMail,
  mailLanguageNamed,
  mailLanguageOf,
  passwordResetMail,
  roleInWords,
  settlementDraftMail,
  statedLanguageOf,
} from './mail-texts';
export type {
  ConnectorFailureMailInput,
  DocumentMailInput,
  MailedDocumentKind,
  InvitationMailInput,
  JoinConfirmationMailInput,
  JoinDeclinedMailInput,
  MailLanguage,
  MailText,
  PasswordResetMailInput,
  SettlementDraftMailInput,
} from './mail-texts';
