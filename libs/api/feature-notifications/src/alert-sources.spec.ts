import { describe, expect, it } from 'vitest';

import { isMonthDue, monthDueBy } from './alert-sources';
import { digestMail, notificationMail } from './notification-mail';

describe('data-gap timing', () => {
  it('expects a month complete 5 days after its end, not before', () => {
    expect(isMonthDue('2026-11', '2026-12-04')).toBe(false);
    expect(isMonthDue('2026-11', '2026-12-05')).toBe(true);
    expect(isMonthDue('2026-12', '2027-01-05')).toBe(true);
    expect(isMonthDue('2026-12', '2027-01-04')).toBe(false);
  });

  it('checks the newest month that is due', () => {
    expect(monthDueBy('2026-12-07')).toBe('2026-11');
    expect(monthDueBy('2026-12-04')).toBe('2026-10');
    expect(monthDueBy('2027-01-06')).toBe('2026-12');
  });
});

describe('notification mails', () => {
  it('writes one event in the recipient\u2019s language and a digest of several', () => {
    const gap = {
      kind: 'data-gap' as const,
      params: { ean: '859182400000000001', month: '2026-11', days: 3 },
    };
    expect(notificationMail('cs', 'Lomnice', gap, 'https://x').subject).toBe(
      'Lomnice: Chybí data: místo 859182400000000001 má za 2026-11 neúplné dny (3).',
    );
    const digest = digestMail(
      'en',
      'Lomnice',
      [gap, { kind: 'new-document', params: { number: 'F1' } }],
      'https://x',
    );
    expect(digest.subject).toBe('Lomnice: notifications digest (2)');
    expect(digest.text).toContain('- You have a new document F1.');
  });
});
