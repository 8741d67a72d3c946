import type { CommunityRole } from '@sdilna/api/util-auth';

/** The languages Sdílna mails in; Czech unless the recipient's language is known to be English. */
export type MailLanguage = 'cs' | 'en';
export const DEFAULT_MAIL_LANGUAGE: MailLanguage = 'cs';

/** A mail's words, rendered in one language (never both: issue 18, "one language at a time"). */
export interface MailText {
  readonly subject: string;
  readonly text: string;
}

/** The first language by weight that Sdílna speaks in an `Accept-Language` header, if it names one. */
function preferredOf(acceptLanguage: string | readonly string[] | undefined): MailLanguage | undefined {
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
  return undefined;
}

/**
 * The language of an `Accept-Language` header: the portal sends its chosen UI language with every API call, a
 * bare API client its own preference. The first language by weight that Sdílna speaks wins; anything else is Czech.
 */
export function mailLanguageOf(acceptLanguage: string | readonly string[] | undefined): MailLanguage {
  return preferredOf(acceptLanguage) ?? DEFAULT_MAIL_LANGUAGE;
}

/**
 * The language a header states, only when it names cs or en at all: what is remembered as a person's language.
 * A header that names neither (a bare API client) leaves the remembered language as it is.
 */
export function statedLanguageOf(
  acceptLanguage: string | readonly string[] | undefined,
): MailLanguage | undefined {
  return preferredOf(acceptLanguage);
}

/** A stored language (`users.language`) as a mail language; anything unknown is Czech. */
export function mailLanguageNamed(stored: string | null | undefined): MailLanguage {
  return stored === 'en' ? 'en' : 'cs';
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

const CZECH_MONTHS = [
  'leden',
  'únor',
  'březen',
  'duben',
  'květen',
  'červen',
  'červenec',
  'srpen',
  'září',
  'říjen',
  'listopad',
  'prosinec',
];

/** "říjen 2026" for the period "2026-10" (no ISO months in a Czech text). */
function czechMonth(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  const name = match ? CZECH_MONTHS[Number(match[2]) - 1] : undefined;
  return match && name ? `${name} ${match[1]}` : period;
}

/** "4 032,00" for the API's "4032.00". */
function czechMoney(amount: string): string {
  const [whole = '', fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return fraction === undefined ? grouped : `${grouped},${fraction}`;
}

export interface SettlementDraftMailInput {
  readonly communityName: string;
  /** YYYY-MM */
  readonly period: string;
  readonly link: string;
  /** the computed draft's totals (net, "1234.56"), or the reason it could not be computed */
  readonly outcome:
    | { readonly computed: true; readonly consumersPayNet: string; readonly producersReceiveNet: string }
    | { readonly computed: false; readonly error: string };
}

/** A draft settlement waits for the administrators' review (or could not be computed). */
export function settlementDraftMail(language: MailLanguage, input: SettlementDraftMailInput): MailText {
  const { communityName: name, period, link, outcome } = input;
  switch (language) {
    case 'cs': {
      const month = czechMonth(period);
      return {
        subject: `Sdílna: vyúčtování za ${month} čeká na kontrolu`,
        text: outcome.computed
          ? `Návrh vyúčtování společenství ${name} za ${month} je připraven ke kontrole.\n\n` +
            `Odběratelé zaplatí ${czechMoney(outcome.consumersPayNet)} Kč, výrobci obdrží ${czechMoney(outcome.producersReceiveNet)} Kč (bez DPH).\n` +
            `Zkontrolujte a schvalte ho zde: ${link}\n\nDokud ho neschválíte, nic se nevystaví.`
          : `Návrh vyúčtování společenství ${name} za ${month} se nepodařilo spočítat (${outcome.error}).\n${link}`,
      };
    }
    case 'en':
      return {
        subject: `Sdílna: settlement ${period} ready for review`,
        text: outcome.computed
          ? `The draft settlement of ${period} for ${name} is ready for your review.\n\n` +
            `Consumers pay ${outcome.consumersPayNet} CZK, producers receive ${outcome.producersReceiveNet} CZK (net).\n` +
            `Approve and finalise it here: ${link}\n\nNothing is issued until you finalise it.`
          : `The draft settlement of ${period} for ${name} could not be computed: ${outcome.error}.\n${link}`,
      };
  }
}

export interface ConnectorFailureMailInput {
  readonly communityName: string;
  readonly failures: number;
  readonly error: string;
  readonly link: string;
}

/** The EDC portal connector failed several times in a row. */
export function connectorFailureMail(language: MailLanguage, input: ConnectorFailureMailInput): MailText {
  const { communityName: name, failures, error, link } = input;
  switch (language) {
    case 'cs':
      return {
        subject: `Sdílna: stahování dat z portálu EDC pro ${name} selhává`,
        text:
          `Napojení společenství ${name} na portál EDC selhalo ${failures}× po sobě.\n\n` +
          `Poslední chyba: ${error}\n\n` +
          `Napojení zkontrolujte zde: ${link}\n` +
          `Než bude znovu fungovat, můžete exporty z EDC nahrát ručně; nic se nenaimportuje dvakrát.`,
      };
    case 'en':
      return {
        subject: `Sdílna: fetching data from the EDC portal fails for ${name}`,
        text:
          `The EDC portal connector of ${name} failed ${failures} times in a row.\n\n` +
          `Last error: ${error}\n\n` +
          `Check the connector here: ${link}\n` +
          `Until it works again, you can upload EDC exports by hand; nothing is imported twice.`,
      };
  }
}

/** The kinds of document a member is mailed (util-api-contract's DOCUMENT_KINDS). */
export type MailedDocumentKind =
  'invoice' | 'self-billed-invoice' | 'self-billed-credit-note' | 'internal-recharge' | 'corrective';

const DOCUMENT_KIND_WORDS: Readonly<Record<MailLanguage, Readonly<Record<MailedDocumentKind, string>>>> = {
  cs: {
    invoice: 'faktura',
    'self-billed-invoice': 'faktura vystavená odběratelem (samofakturace)',
    'self-billed-credit-note': 'dobropis k samofakturaci',
    'internal-recharge': 'vnitřní přefakturace',
    corrective: 'opravný daňový doklad',
  },
  en: {
    invoice: 'invoice',
    'self-billed-invoice': 'self-billed invoice',
    'self-billed-credit-note': 'self-billed credit note',
    'internal-recharge': 'internal recharge',
    corrective: 'corrective document',
  },
};

export interface DocumentMailInput {
  readonly communityName: string;
  readonly kind: MailedDocumentKind;
  readonly number: string;
  /** YYYY-MM-DD, the document's billing period */
  readonly periodFrom: string;
  readonly periodTo: string;
  /** "1234.56" (the API's money) */
  readonly gross: string;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  readonly variableSymbol: string;
  /** the member's documents page */
  readonly link: string;
}

/** "7. 12. 2026" for "2026-12-07". */
function czechDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${Number(day)}. ${Number(month)}. ${year}`;
}

/** An issued document, mailed to its member with the PDF and the ISDOC attached. */
export function documentMail(language: MailLanguage, input: DocumentMailInput): MailText {
  const kind = DOCUMENT_KIND_WORDS[language][input.kind];
  // A credit note and a self-billed invoice are paid by the community; the member pays an invoice.
  const memberPays = input.kind === 'invoice' || input.kind === 'internal-recharge';
  switch (language) {
    case 'cs': {
      const period = `${czechDate(input.periodFrom)} – ${czechDate(input.periodTo)}`;
      return {
        subject: `${input.communityName}: ${kind} ${input.number}`,
        text: [
          'Dobrý den,',
          '',
          `v příloze posíláme doklad společenství „${input.communityName}“: ${kind} ${input.number} za období ${period}.`,
          '',
          `Částka: ${czechMoney(input.gross)} Kč`,
          ...(memberPays
            ? [`Splatnost: ${czechDate(input.dueDate)}, variabilní symbol: ${input.variableSymbol}`]
            : [`Variabilní symbol: ${input.variableSymbol}`]),
          '',
          'Doklad je přiložen jako PDF a ve formátu ISDOC pro účetní program.',
          `Všechny své doklady najdete ve Sdílně: ${input.link}`,
        ].join('\n'),
      };
    }
    case 'en':
      return {
        subject: `${input.communityName}: ${kind} ${input.number}`,
        text: [
          'Hello,',
          '',
          `attached is a document of the community "${input.communityName}": ${kind} ${input.number} for ${input.periodFrom} to ${input.periodTo}.`,
          '',
          `Amount: ${input.gross} CZK`,
          ...(memberPays
            ? [`Due on ${input.dueDate}, variable symbol ${input.variableSymbol}`]
            : [`Variable symbol: ${input.variableSymbol}`]),
          '',
          'The document is attached as a PDF and as ISDOC for accounting software.',
          `All your documents are on Sdílna: ${input.link}`,
        ].join('\n'),
      };
  }
}

export interface JoinConfirmationMailInput {
  readonly communityName: string;
  readonly link: string;
  readonly validHours: number;
}

/** To a prospective member after a join request on the public page: follow the link to send it on. */
export function joinConfirmationMail(language: MailLanguage, input: JoinConfirmationMailInput): MailText {
  switch (language) {
    case 'cs':
      return {
        subject: `Potvrďte žádost o členství ve společenství ${input.communityName}`,
        text: [
          'Dobrý den,',
          '',
          `na stránce společenství „${input.communityName}“ ve Sdílně byla s touto adresou podána žádost o členství.`,
          '',
          'Žádost potvrdíte a předáte správci společenství zde:',
          input.link,
          '',
          `Odkaz platí ${input.validHours} hodin. Dokud žádost nepotvrdíte, správce ji neuvidí.`,
          '',
          'Pokud jste žádost nepodali, e-mail ignorujte.',
        ].join('\n'),
      };
    case 'en':
      return {
        subject: `Confirm your request to join ${input.communityName}`,
        text: [
          'Hello,',
          '',
          `a request to join the community "${input.communityName}" on Sdílna was sent with this address.`,
          '',
          "Confirm it and pass it to the community's administrator here:",
          input.link,
          '',
          `The link expires in ${input.validHours} hours. Until you confirm, the administrator does not see the request.`,
          '',
          'If you did not send this request, ignore this mail.',
        ].join('\n'),
      };
  }
}

export interface JoinDeclinedMailInput {
  readonly communityName: string;
  readonly reason: string;
}

/** To a prospective member whose request an administrator declined, with the administrator's reason. */
export function joinDeclinedMail(language: MailLanguage, input: JoinDeclinedMailInput): MailText {
  switch (language) {
    case 'cs':
      return {
        subject: `Žádost o členství ve společenství ${input.communityName} nebyla přijata`,
        text: [
          'Dobrý den,',
          '',
          `správce společenství „${input.communityName}“ vaši žádost o členství nepřijal. Důvod:`,
          '',
          input.reason,
          '',
          'S dotazy se obraťte přímo na společenství.',
        ].join('\n'),
      };
    case 'en':
      return {
        subject: `Your request to join ${input.communityName} was declined`,
        text: [
          'Hello,',
          '',
          `the administrator of the community "${input.communityName}" declined your request to join. The reason:`,
          '',
          input.reason,
          '',
          'Please contact the community directly with any questions.',
        ].join('\n'),
      };
  }
}
