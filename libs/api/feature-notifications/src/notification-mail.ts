import type { MailLanguage, MailText } from '@sdilna/api/util-mail';
import type { NotificationKind } from '@sdilna/shared/util-api-contract';

export interface MailedNotification {
  readonly kind: NotificationKind;
  readonly params: Readonly<Record<string, string | number>>;
}

type Params = MailedNotification['params'];

const LINES: Record<MailLanguage, Record<NotificationKind, (p: Params) => string>> = {
  cs: {
    'data-gap': (p) => `Chybí data: místo ${p['ean']} má za ${p['month']} neúplné dny (${p['days']}).`,
    'import-failed': (p) => `Import souboru ${p['fileName']} selhal.`,
    discrepancy: (p) =>
      `Sdílení podle EDC se za ${p['month']} liší od výpočtu podle klíče (${p['intervals']} intervalů).`,
    'draft-waiting': (p) => `Návrh vyúčtování za ${p['period']} čeká na schválení.`,
    'new-document': (p) => `Máte nový doklad ${p['number']}.`,
    'overdue-payment': (p) => `Doklad ${p['number']} je po splatnosti (splatný ${p['dueDate']}).`,
  },
  en: {
    'data-gap': (p) => `Data missing: point ${p['ean']} has incomplete days in ${p['month']} (${p['days']}).`,
    'import-failed': (p) => `The import of ${p['fileName']} failed.`,
    discrepancy: (p) =>
      `EDC's sharing for ${p['month']} differs from the key's (${p['intervals']} intervals).`,
    'draft-waiting': (p) => `The draft settlement of ${p['period']} waits for approval.`,
    'new-document': (p) => `You have a new document ${p['number']}.`,
    'overdue-payment': (p) => `Document ${p['number']} is overdue (due ${p['dueDate']}).`,
  },
};

/** One line of a notification in the recipient's language (the portal has the same texts in its messages). */
export function notificationLine(language: MailLanguage, notification: MailedNotification): string {
  return LINES[language][notification.kind](notification.params);
}

/** The mail of one notification (channel `email`). */
export function notificationMail(
  language: MailLanguage,
  communityName: string,
  notification: MailedNotification,
  link: string,
): MailText {
  const line = notificationLine(language, notification);
  return language === 'cs'
    ? {
        subject: `${communityName}: ${line}`,
        text: `${line}\n\nPodrobnosti a nastavení upozornění: ${link}\n`,
      }
    : {
        subject: `${communityName}: ${line}`,
        text: `${line}\n\nDetails and notification settings: ${link}\n`,
      };
}

/** The daily digest of one person in one community (channel `digest`): every notification since the last one. */
export function digestMail(
  language: MailLanguage,
  communityName: string,
  notifications: readonly MailedNotification[],
  link: string,
): MailText {
  const lines = notifications
    .map((notification) => `- ${notificationLine(language, notification)}`)
    .join('\n');
  return language === 'cs'
    ? {
        subject: `${communityName}: přehled upozornění (${notifications.length})`,
        text: `Upozornění od posledního přehledu:\n\n${lines}\n\nPodrobnosti a nastavení upozornění: ${link}\n`,
      }
    : {
        subject: `${communityName}: notifications digest (${notifications.length})`,
        text: `Notifications since the last digest:\n\n${lines}\n\nDetails and notification settings: ${link}\n`,
      };
}
