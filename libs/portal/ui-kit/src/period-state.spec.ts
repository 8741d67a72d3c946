import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { I18n } from '@sdilna/portal/util-i18n';

import { PeriodPipe, periodState } from './period-state';

describe('periods as the period pages show them', () => {
  beforeEach(() => {
    localStorage.setItem('sdilna.language', 'cs');
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), PeriodPipe] });
  });

  it('tells an ended, a current and a scheduled period apart by the Prague day', () => {
    expect(periodState({ validFrom: '2026-01-01', validTo: '2026-06-30' }, '2026-07-01')).toBe('ended');
    expect(periodState({ validFrom: '2026-01-01', validTo: '2026-06-30' }, '2026-06-30')).toBe('current');
    expect(periodState({ validFrom: '2026-08-01', validTo: null }, '2026-07-01')).toBe('scheduled');
  });

  it('writes a period in the UI language, an open end in words', () => {
    const pipe = TestBed.inject(PeriodPipe);
    expect(pipe.transform({ validFrom: '2026-06-01', validTo: '2026-06-30' })).toBe(
      '1. 6. 2026 – 30. 6. 2026',
    );
    expect(pipe.transform({ validFrom: '2026-07-01', validTo: null })).toBe('1. 7. 2026 – bez konce');
    TestBed.inject(I18n).use('en');
    expect(pipe.transform({ validFrom: '2026-07-01' })).toBe('1 Jul 2026 – open-ended');
  });
});
