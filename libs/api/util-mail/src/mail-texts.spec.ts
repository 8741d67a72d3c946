import { describe, expect, it } from 'vitest';

import { invitationMail, mailLanguageOf, passwordResetMail, roleInWords } from './mail-texts';

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
