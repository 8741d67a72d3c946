import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { I18n } from './i18n';
import { describeSettlementWarning } from './settlement-warning';

describe('settlement findings in the UI language', () => {
  let i18n: I18n;

  beforeEach(() => {
    localStorage.setItem('sdilna.language', 'cs');
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    i18n = TestBed.inject(I18n);
  });

  const missingPrice = {
    code: 'PRICE_MISSING',
    message: 'Jana Nováková has no supplier price on 2026-06-01 – 2026-06-30: savings are not computed',
    params: {
      member: 'Jana Nováková',
      memberId: 'b728a883',
      price: 'supplier',
      days: '2026-06-01 – 2026-06-30',
    },
  } as const;

  it('words a missing price with the member and Czech dates, without the member id', () => {
    const text = describeSettlementWarning(i18n, missingPrice);
    expect(text).toBe(
      'Jana Nováková nemá na 1. 6. 2026 – 30. 6. 2026 cenu od dodavatele: úspora se nespočítá.',
    );
    i18n.use('en');
    expect(
      describeSettlementWarning(i18n, {
        ...missingPrice,
        params: { ...missingPrice.params, price: 'feed-in' },
      }),
    ).toBe('Jana Nováková has no feed-in price on 1 Jun 2026 – 30 Jun 2026: gain is not computed.');
  });

  it('writes the API ranges of days the language way and counts the points it does not name', () => {
    const text = describeSettlementWarning(i18n, {
      code: 'DATA_MISSING',
      message: 'EDC data are missing or incomplete on 2026-06-21..2026-06-30 for 23 points …',
      params: { days: '2026-06-21..2026-06-30', points: '859182400000000017 (Úřad)', count: 23, more: 3 },
    });
    expect(text).toBe(
      'Data EDC na 21. 6. 2026 – 30. 6. 2026 chybí nebo jsou neúplná: 859182400000000017 (Úřad) a 3 dalších.',
    );
  });

  it('keeps the English text of a finding stored before runs kept codes', () => {
    expect(describeSettlementWarning(i18n, { code: 'NOTE', message: 'an old finding', params: {} })).toBe(
      'an old finding',
    );
  });
});
