import type { CommunityRole } from '@sdilna/api/util-auth';

/** The languages Sdílna mails in; Czech unless the recipient's language is known to be English. */
export type MailLanguage = 'cs' | 'en';
export const DEFAULT_MAIL_LANGUAGE: MailLanguage = 'cs';

/** A mail's words, rendered in one language (never both: issue 18, "one language at a time"). */
export interface MailText {
  readonly subject: string;
  readonly text: string;
}

/**
 * The language of an `Accept-Language` header: the portal sends its chosen UI language with every API call, a
 * bare API client its own preference. The first language by weight that Sdílna speaks wins; anything else is Czech.
 */
export function mailLanguageOf(acceptLanguage: string | readonly string[] | undefined): MailLanguage {
  const header = typeof acceptLanguage === 'object' ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  const ranked = header
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...parameters] = entry.trim().split(';');
      const weight = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((q) => q !== undefined);
      return {
        primary: tag.trim().toLowerCase().split('-')[0] ?? '',
        q: weight === undefined ? 1 : Number(weight),
        index,
      };
    })
    .filter((entry) => entry.primary !== '' && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    if (entry.primary === 'cs' || entry.primary === 'en') return entry.primary;
  }
  return DEFAULT_MAIL_LANGUAGE;
}

const ROLE: Readonly<Record<MailLanguage, Readonly<Record<CommunityRole, string>>>> = {
  cs: {
    'community-admin': 'správce společenství',
    member: 'člen',
    'municipality-accountant': 'účetní obce',
  },
  en: {
    'community-admin': 'an administrator',
    member: 'a member',
    'municipality-accountant': 'a municipal accountant',
  },
};

/** The role as a person reads it in the mail's language (never the API's `community-admin`). */
export function roleInWords(language: MailLanguage, role: CommunityRole): string {
  return ROLE[language][role];
}

export interface InvitationMailInput {
  readonly communityName: string;
  readonly role: CommunityRole;
  readonly link: string;
  readonly validDays: number;
}

export function invitationMail(language: MailLanguage, input: InvitationMailInput): MailText {
  const role = roleInWords(language, input.role);
  switch (language) {
    case 'cs':
      return {
        subject: `Pozvánka do společenství ${input.communityName} ve Sdílně`,
        text: [
          'Dobrý den,',
          '',
          `byli jste pozváni do společenství „${input.communityName}“ ve Sdílně jako ${role}.`,
          '',
          'Pozvánku přijmete a účet si založíte zde:',
          input.link,
          '',
          `Odkaz platí ${czechDays(input.validDays)} a lze jej použít jen jednou. Pokud vyprší, požádejte správce společenství o novou pozvánku.`,
          '',
          'Pokud pozvánku nečekáte, e-mail ignorujte.',
        ].join('\n'),
      };
    case 'en':
      return {
        subject: `Invitation to ${input.communityName} on Sdílna`,
        text: [
          'Hello,',
          '',
          `you have been invited to the community "${input.communityName}" on Sdílna as ${role}.`,
          '',
          'Accept the invitation and create your account here:',
          input.link,
          '',
          `The link works once and expires in ${input.validDays} days. If it expires, ask the community's administrator for a new invitation.`,
          '',
          'If you did not expect this invitation, ignore this mail.',
        ].join('\n'),
      };
  }
}

export interface PasswordResetMailInput {
  readonly link: string;
  /** the page where a new link is asked for */
  readonly requestLink: string;
  readonly validMinutes: number;
}

export function passwordResetMail(language: MailLanguage, input: PasswordResetMailInput): MailText {
  switch (language) {
    case 'cs':
      return {
        subject: 'Obnovení hesla ve Sdílně',
        text: [
          'Dobrý den,',
          '',
          `nové heslo k účtu ve Sdílně nastavíte zde (odkaz platí ${czechMinutes(input.validMinutes)} a lze jej použít jen jednou):`,
          input.link,
          '',
          `Pokud odkaz vyprší, požádejte o nový: ${input.requestLink}`,
          '',
          'Pokud jste o obnovení hesla nežádali, e-mail ignorujte; heslo zůstává beze změny.',
        ].join('\n'),
      };
    case 'en':
      return {
        subject: 'Password reset on Sdílna',
        text: [
          'Hello,',
          '',
          `set a new password for your Sdílna account here (the link works once, for ${englishMinutes(input.validMinutes)}):`,
          input.link,
          '',
          `If the link expires, ask for a new one: ${input.requestLink}`,
          '',
          'If you did not ask for a new password, ignore this mail; your password stays as it is.',
        ].join('\n'),
      };
  }
}

/** "7 dní", "1 den", "2 dny" (the accusative after "platí"). */
function czechDays(days: number): string {
  if (days === 1) return '1 den';
  if (days >= 2 && days <= 4) return `${days} dny`;
  return `${days} dní`;
}

/** "1 hodinu", "30 minut", "2 hodiny" (the accusative after "platí"). */
function czechMinutes(minutes: number): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    if (hours === 1) return '1 hodinu';
    if (hours >= 2 && hours <= 4) return `${hours} hodiny`;
    return `${hours} hodin`;
  }
  if (minutes === 1) return '1 minutu';
  if (minutes >= 2 && minutes <= 4) return `${minutes} minuty`;
  return `${minutes} minut`;
}

function englishMinutes(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? 'one hour' : `${minutes / 60} hours`;
  return minutes === 1 ? 'one minute' : `${minutes} minutes`;
}
