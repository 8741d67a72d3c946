import { describe, expect, it } from 'vitest';

import {
  connectorFailureMail,
  documentMail,
  invitationMail,
  mailLanguageNamed,
  mailLanguageOf,
  passwordResetMail,
  roleInWords,
  settlementDraftMail,
  statedLanguageOf,
} from './mail-texts';

const LINK = 'https://sdilna.example/auth/invitation?token=c.i.s';
const RESET = 'https://sdilna.example/auth/password-reset/confirm?token=r.s';
const REQUEST = 'https://sdilna.example/auth/password-reset';

/** Words that give away the other language in a mail that should have one. */
const ENGLISH =
  /\b(invited|invitation|role|member|accept|password|link|expires|the)\b|community-admin|municipality-accountant/i;
const CZECH = /[áčďéěíňóřšťúůýž]|\b(pozván|odkaz|heslo|společenství)/i;

describe('mail language', () => {
  it('takes the first language Sdílna speaks by weight from Accept-Language, else Czech', () => {
    expect(mailLanguageOf(undefined)).toBe('cs');
    expect(mailLanguageOf('')).toBe('cs');
    expect(mailLanguageOf('en')).toBe('en');
    expect(mailLanguageOf('en-GB,en;q=0.9')).toBe('en');
    expect(mailLanguageOf('cs-CZ,cs;q=0.9,en;q=0.8')).toBe('cs');
    expect(mailLanguageOf('de-DE,en;q=0.5,cs;q=0.4')).toBe('en');
    expect(mailLanguageOf('cs;q=0.2,en;q=0.8')).toBe('en');
    expect(mailLanguageOf('en;q=0,cs')).toBe('cs');
    expect(mailLanguageOf('de, fr')).toBe('cs');
    expect(mailLanguageOf(['EN-us'])).toBe('en');
  });

  it('states a language only when the header names cs or en; a stored language is cs unless en', () => {
    expect(statedLanguageOf(undefined)).toBeUndefined();
    expect(statedLanguageOf('de-DE, fr')).toBeUndefined();
    expect(statedLanguageOf('en;q=0')).toBeUndefined();
    expect(statedLanguageOf('en-GB,en;q=0.9')).toBe('en');
    expect(statedLanguageOf('cs')).toBe('cs');
    expect(mailLanguageNamed('en')).toBe('en');
    expect(mailLanguageNamed('cs')).toBe('cs');
    expect(mailLanguageNamed(undefined)).toBe('cs');
    expect(mailLanguageNamed('de')).toBe('cs');
  });
});

describe('invitation mail', () => {
  it('is Czech, names the role in Czech and carries the link', () => {
    for (const [role, words] of [
      ['member', 'jako člen.'],
      ['community-admin', 'jako správce společenství.'],
      ['municipality-accountant', 'jako účetní obce.'],
    ] as const) {
      const mail = invitationMail('cs', { communityName: 'Lomnice', role, link: LINK, validDays: 7 });
      expect(mail.subject).toBe('Pozvánka do společenství Lomnice ve Sdílně');
      expect(mail.text).toContain(`byli jste pozváni do společenství „Lomnice“ ve Sdílně ${words}`);
      expect(mail.text).toContain(`\n${LINK}\n`);
      expect(mail.text).toContain('Odkaz platí 7 dní a lze jej použít jen jednou.');
      expect(mail.text.replace(LINK, '')).not.toMatch(ENGLISH);
      expect(mail.subject).not.toMatch(ENGLISH);
    }
  });

  it('is English when asked, with the role in English words and no Czech', () => {
    const mail = invitationMail('en', {
      communityName: 'Lomnice',
      role: 'municipality-accountant',
      link: LINK,
      validDays: 7,
    });
    expect(mail.subject).toBe('Invitation to Lomnice on Sdílna');
    expect(mail.text).toContain(
      'you have been invited to the community "Lomnice" on Sdílna as a municipal accountant.',
    );
    expect(mail.text).toContain('expires in 7 days');
    expect(mail.text).toContain(`\n${LINK}\n`);
    expect(mail.text.replaceAll('Sdílna', '')).not.toMatch(CZECH);
    expect(mail.text).not.toContain('municipality-accountant');
  });

  it('names every role in both languages', () => {
    for (const role of ['community-admin', 'member', 'municipality-accountant'] as const) {
      expect(roleInWords('cs', role)).not.toMatch(/-|admin|member|accountant/);
      expect(roleInWords('en', role)).not.toContain('-');
    }
  });
});

describe('password-reset mail', () => {
  it('is Czech with the link, how long it works and where to ask for a new one', () => {
    const mail = passwordResetMail('cs', { link: RESET, requestLink: REQUEST, validMinutes: 60 });
    expect(mail.subject).toBe('Obnovení hesla ve Sdílně');
    expect(mail.text).toContain('odkaz platí 1 hodinu a lze jej použít jen jednou');
    expect(mail.text).toContain(`\n${RESET}\n`);
    expect(mail.text).toContain(`Pokud odkaz vyprší, požádejte o nový: ${REQUEST}`);
    expect(mail.text.replace(RESET, '').replace(REQUEST, '')).not.toMatch(ENGLISH);
  });

  it('is English when asked', () => {
    const mail = passwordResetMail('en', { link: RESET, requestLink: REQUEST, validMinutes: 60 });
    expect(mail.subject).toBe('Password reset on Sdílna');
    expect(mail.text).toContain('for one hour');
    expect(mail.text).toContain(`If the link expires, ask for a new one: ${REQUEST}`);
    expect(mail.text.replaceAll('Sdílna', '')).not.toMatch(CZECH);
  });
});

describe('notices of the worker', () => {
  const link = 'https://sdilna.example/admin/c/settlements';
  const computed = { computed: true, consumersPayNet: '5126.58', producersReceiveNet: '812.40' } as const;

  it('a draft settlement waits: Czech month name, decimal comma, no ISO month, no English', () => {
    const mail = settlementDraftMail('cs', {
      communityName: 'Lomnice',
      period: '2026-10',
      link,
      outcome: computed,
    });
    expect(mail.subject).toBe('Sdílna: vyúčtování za říjen 2026 čeká na kontrolu');
    expect(mail.text).toContain(
      'Návrh vyúčtování společenství Lomnice za říjen 2026 je připraven ke kontrole.',
    );
    expect(mail.text).toContain('Odběratelé zaplatí 5\u00a0126,58 Kč, výrobci obdrží 812,40 Kč (bez DPH).');
    expect(mail.text).toContain(`Zkontrolujte a schvalte ho zde: ${link}`);
    expect(mail.text).not.toContain('2026-10');
    expect(mail.text.replace(link, '')).not.toMatch(ENGLISH);
    const failed = settlementDraftMail('cs', {
      communityName: 'Lomnice',
      period: '2026-01',
      link,
      outcome: { computed: false, error: 'x' },
    });
    expect(failed.text).toContain('za leden 2026 se nepodařilo spočítat');
  });

  it('a draft settlement waits, in English', () => {
    const mail = settlementDraftMail('en', {
      communityName: 'Lomnice',
      period: '2026-10',
      link,
      outcome: computed,
    });
    expect(mail.text).toContain('The draft settlement of 2026-10 for Lomnice is ready for your review.');
    expect(mail.text).toContain('Consumers pay 5126.58 CZK');
    expect(mail.text.replaceAll('Sdílna', '')).not.toMatch(CZECH);
  });

  it('the EDC connector fails, in Czech and in English', () => {
    const input = { communityName: 'Lomnice', failures: 3, error: 'EDC odmítl heslo', link } as const;
    const cs = connectorFailureMail('cs', input);
    expect(cs.subject).toBe('Sdílna: stahování dat z portálu EDC pro Lomnice selhává');
    expect(cs.text).toContain('Napojení společenství Lomnice na portál EDC selhalo 3× po sobě.');
    expect(cs.text).toContain(`Napojení zkontrolujte zde: ${link}`);
    expect(cs.text.replace(link, '')).not.toMatch(ENGLISH);
    const en = connectorFailureMail('en', { ...input, error: 'refused' });
    expect(en.text).toContain('failed 3 times in a row');
    expect(en.text.replaceAll('Sdílna', '')).not.toMatch(CZECH);
  });
});

describe('document mail', () => {
  const input = {
    communityName: 'Lomnice',
    kind: 'invoice',
    number: 'FV-2026-000001',
    periodFrom: '2026-06-01',
    periodTo: '2026-06-30',
    gross: '4339.54',
    dueDate: '2026-07-29',
    variableSymbol: '126000001',
    link: 'https://sdilna.example/member/c/m/documents',
  } as const;

  it('is Czech: the kind and number, Czech dates and money, due date and variable symbol of an invoice', () => {
    const mail = documentMail('cs', input);
    expect(mail.subject).toBe('Lomnice: faktura FV-2026-000001');
    expect(mail.text).toContain('za období 1. 6. 2026 – 30. 6. 2026');
    expect(mail.text).toContain('Částka: 4\u00a0339,54 Kč');
    expect(mail.text).toContain('Splatnost: 29. 7. 2026, variabilní symbol: 126000001');
    expect(mail.text).not.toContain('2026-06');
    expect(mail.text.replace(input.link, '')).not.toMatch(ENGLISH);
  });

  it('is English when asked, and a credit note names no due date for the member', () => {
    const mail = documentMail('en', { ...input, kind: 'self-billed-credit-note' });
    expect(mail.subject).toBe('Lomnice: self-billed credit note FV-2026-000001');
    expect(mail.text).toContain('Amount: 4339.54 CZK');
    expect(mail.text).not.toContain('Due on');
    expect(mail.text.replaceAll('Sdílna', '')).not.toMatch(CZECH);
  });
});
