import type { MailLanguage, MailText } from '@sdilna/api/util-mail';

export interface ReminderMailInput {
  readonly communityName: string;
  readonly documentNumber: string;
  readonly variableSymbol: string;
  readonly dueDate: string;
  /** "1234.50" */
  readonly outstanding: string;
  readonly account?: string;
  readonly link: string;
}

function czechDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${Number(day)}. ${Number(month)}. ${year}`;
}

/** A payment reminder, in the member's language. */
export function paymentReminderMail(language: MailLanguage, input: ReminderMailInput): MailText {
  if (language === 'en') {
    return {
      subject: `Payment reminder: ${input.documentNumber} (${input.communityName})`,
      text: [
        `Document ${input.documentNumber} of ${input.communityName} was due on ${input.dueDate}.`,
        `Outstanding: CZK ${input.outstanding}.`,
        `Please pay it${input.account !== undefined ? ` to ${input.account}` : ''} with variable symbol ${input.variableSymbol}.`,
        'If you have paid it in the meantime, thank you, and please ignore this message.',
        '',
        `Your documents: ${input.link}`,
      ].join('\n'),
    };
  }
  return {
    subject: `Upomínka platby: ${input.documentNumber} (${input.communityName})`,
    text: [
      `Doklad ${input.documentNumber} společenství ${input.communityName} byl splatný ${czechDate(input.dueDate)}.`,
      `Zbývá uhradit: ${input.outstanding.replace('.', ',')} Kč.`,
      `Uhraďte jej prosím${input.account !== undefined ? ` na účet ${input.account}` : ''} s variabilním symbolem ${input.variableSymbol}.`,
      'Pokud jste mezitím zaplatili, děkujeme a tuto zprávu prosím přehlédněte.',
      '',
      `Vaše doklady: ${input.link}`,
    ].join('\n'),
  };
}
