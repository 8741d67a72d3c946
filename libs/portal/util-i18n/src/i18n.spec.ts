import { HttpErrorResponse } from '@angular/common/http';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { formatLocalDate } from './dates';
import { I18n, isIcu } from './i18n';
import { describeImportIssue } from './import-issue';
import { cs } from './messages-cs';
import { en } from './messages-en';

function apiError(status: number, code: string, message: string, details?: unknown): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: { error: { code, message, details } } });
}

describe('I18n: API errors and import problems in the UI language', () => {
  let i18n: I18n;

  beforeEach(() => {
    localStorage.setItem('sdilna.language', 'cs');
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    i18n = TestBed.inject(I18n);
    i18n.use('cs');
  });

  it('tells a failed import of an unregistered EAN in Czech, with line, column, EAN and the count of the rest', () => {
    const text = describeImportIssue(i18n, {
      message:
        'EAN 859182400000000017 (consumption) is not a registered metering point of this community; register it before importing (and 27 more problems with the header)',
      file: 'oct.csv',
      line: 1,
      column: 3,
      ean: '859182400000000017',
    });
    expect(text).toBe(
      'Soubor oct.csv, řádek 1, sloupec 3: EAN 859182400000000017 není registrované odběrné místo tohoto ' +
        'společenství; před importem ho zaregistrujte. (a další problémy v hlavičce: 27)',
    );
    expect(text).not.toMatch(/registered|problems/);
  });

  it('names both roles of a role mismatch in Czech and in English', () => {
    const issue = {
      message:
        'EAN 859182400000000024 is registered as production but the file has it as consumption (suffix -O)',
      line: 1,
      column: 5,
    };
    expect(describeImportIssue(i18n, issue)).toBe(
      'Řádek 1, sloupec 5: EAN 859182400000000024 je registrované jako výroba, ale soubor ho uvádí jako spotřeba.',
    );
    i18n.use('en');
    expect(describeImportIssue(i18n, issue)).toBe(
      'Line 1, column 5: EAN 859182400000000024 is registered as production but the file has it as consumption.',
    );
  });

  it('tells a coded problem by its code and params, translating the role, not by the English text', () => {
    const issue = {
      message: 'anything in English',
      code: 'EAN_NOT_REGISTERED',
      params: { ean: '859182400000000017', role: 'production', more: 2 },
      file: 'oct.csv',
      line: 1,
      column: 4,
    };
    expect(describeImportIssue(i18n, issue)).toBe(
      'Soubor oct.csv, řádek 1, sloupec 4: EAN 859182400000000017 není registrované odběrné místo ' +
        'tohoto společenství (výroba); před importem ho zaregistrujte. (a další problémy v hlavičce: 2)',
    );
    i18n.use('en');
    expect(
      describeImportIssue(i18n, { ...issue, params: { ean: '859182400000000017', role: 'production' } }),
    ).toBe(
      'File oct.csv, line 1, column 4: EAN 859182400000000017 is not a registered metering point of ' +
        'this community (production); register it before importing.',
    );
  });

  it('tells an EDC format problem and a bad EAN in the header in Czech', () => {
    expect(
      describeImportIssue(i18n, {
        message: 'x',
        code: 'NAN_VALUES',
        params: { column: 'IN-859182400000000017-O', count: 3 },
        line: 2,
        column: 6,
      }),
    ).toBe(
      'Řádek 2, sloupec 6: Sloupec IN-859182400000000017-O má NaN v 3 intervalech (první na tomto řádku); ' +
        'uloženy jako chybějící hodnoty, ne jako 0.',
    );
    expect(
      describeImportIssue(i18n, {
        message: 'x',
        code: 'HEADER_EAN',
        params: { found: 'IN-859182400000000018-D', ean: '859182400000000018', problem: 'bad-check-digit' },
      }),
    ).toBe('Sloupec „IN-859182400000000018-D“: EAN 859182400000000018 má chybnou kontrolní číslici.');
  });

  it('keeps an unknown problem text behind a translated position', () => {
    expect(describeImportIssue(i18n, { message: 'day 2026-10-03 has 23 rows', line: 7, column: 0 })).toBe(
      'Řádek 7: day 2026-10-03 has 23 rows',
    );
  });

  it('shows the translated text of an API code instead of its English message, filling details', () => {
    const described = i18n.describeError(
      apiError(422, 'GROUP_POINT_LIMIT', 'A sharing group of an energy_community has at most 1000', {
        limit: 1000,
      }),
    );
    expect(described.text).toBe('Skupina sdílení může mít současně nejvýše 1000 odběrných míst.');
    expect(described.details).toEqual([]);
  });

  it('words each party of DOCUMENT_PARTIES_INCOMPLETE with what it lacks, in the UI language', () => {
    const described = i18n.describeError(
      apiError(422, 'DOCUMENT_PARTIES_INCOMPLETE', 'Documents cannot be issued until the registry is fixed', {
        parties: [
          { id: 'community', name: 'Lomnice', problems: ['address-missing'] },
          { id: 'm1', name: 'Obec Lomnice', problems: ['ico-missing', 'self-billing-agreement-missing'] },
          { id: 'm2', name: 'Petr', problems: ['something-new'] },
        ],
      }),
    );
    expect(described.text).toContain('Doklady zatím nelze vystavit');
    expect(described.details).toEqual([
      'Lomnice: chybí úplná adresa (ulice a číslo, PSČ, obec)',
      'Obec Lomnice: chybí IČO (právnická osoba ho na daňovém dokladu musí mít), chybí datum dohody o vystavování dokladů odběratelem',
      'Petr: something-new',
    ]);
  });

  it('drops a placeholder the API did not fill instead of showing it', () => {
    expect(i18n.describeError(apiError(413, 'FILE_TOO_LARGE', 'too large')).text).toBe(
      'Soubor je příliš velký.',
    );
  });

  it('has a Czech text for every code the import, registry and settlement areas throw', () => {
    const codes = [
      'IMPORT_NOT_FOUND',
      'IMPORT_NOT_FAILED',
      'IMPORT_FILE_GONE',
      'FILE_MISSING',
      'FILE_EMPTY',
      'FILE_TOO_LARGE',
      'UPLOAD_MALFORMED',
      'CALCULATION_INVALID',
      'SETTLEMENT_NOT_FOUND',
      'DOCUMENT_NOT_FOUND',
      'PERIOD_INVALID',
      'PERIOD_NOT_OVER',
      'SETTLEMENT_FINAL',
      'SETTLEMENT_APPROVED',
      'NOTHING_TO_CORRECT',
      'SETTLEMENT_NOT_COMPUTED',
      'SETTLEMENT_NOT_APPROVED',
      'SETTLEMENT_NOT_DRAFT',
      'SETTLEMENT_IN_PROGRESS',
      'SETTLEMENT_NOTHING_TO_ISSUE',
      'SETTLEMENT_INPUT_INVALID',
      'PRICE_LIST_INVALID',
      'PRICE_LIST_OVERLAP',
      'SETTINGS_INVALID',
      'DOCUMENT_NOT_CORRECTABLE',
      'METERING_POINT_NOT_FOUND',
      'POINT_MEMBER_NOT_FOUND',
      'SHARING_GROUP_NOT_FOUND',
      'SHARING_GROUP_REQUIRED',
      'EAN_ALREADY_REGISTERED',
      'EAN_UNAVAILABLE',
      'GROUP_POINT_LIMIT',
      'POINT_IN_USE',
      'PRICE_KIND_MISMATCH',
      'PRICE_PERIOD_OVERLAP',
      'INVALID_PRICE',
      'INVALID_PERIOD',
      'IMPORT_INVALID_FILE',
      'IMPORT_REJECTED',
      'MEMBER_NOT_FOUND',
      'MEMBER_PARENT_INVALID',
      'MEMBER_ICO_TAKEN',
      'MEMBER_IN_USE',
      'VAT_PAYER_NEEDS_DIC',
      'RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE',
      'VOTING_NOT_APPLICABLE',
      'VOTE_SHARE_EXCEEDED',
      'ENTERPRISE_SIZE_CONFLICT',
      'SME_DECLARATION_MISSING',
      'ENTERPRISE_MAY_NOT_VOTE',
      'VOTER_NOT_LOCAL',
      'SOURCE_NOT_FOUND',
      'SOURCE_POINT_NOT_FOUND',
      'SOURCE_POINT_NOT_PRODUCTION',
      'RENEWABLE_COMMUNITY_REFUSES_NON_RENEWABLE_SOURCE',
      'INVALID_INSTALLED_POWER',
      'KEY_NOT_FOUND',
      'INVALID_KEY_FILE',
      'PRODUCER_SHARE_OVER_100',
      'TOO_MANY_PRODUCERS_PER_CONSUMER',
      'KEY_ROUNDS_NOT_EDC',
      'KEY_METHOD_CONTRADICTS_ITERATION',
      'GROUP_NEEDS_PRODUCTION_POINT',
      'KEY_POINT_NOT_IN_GROUP',
      'KEY_PERIOD_OVERLAP',
      'COMMUNITY_NOT_FOUND',
      'ROLE_FORBIDDEN',
      'UNAUTHENTICATED',
      'EAN_NOT_FOUND',
      'SIMULATION_KEY_INVALID',
    ];
    expect(codes.filter((code) => !(`error.${code}` in cs))).toEqual([]);
  });
});

describe('formatLocalDate: one date style per language', () => {
  it('writes days as 1. 11. 2026 in Czech and 1 Nov 2026 in English', () => {
    expect(formatLocalDate('2026-11-01', 'cs')).toBe('1. 11. 2026');
    expect(formatLocalDate('2026-11-01', 'en')).toBe('1 Nov 2026');
  });

  it('names months in the UI language, never 2026-10', () => {
    expect(formatLocalDate('2026-10', 'cs', 'month')).toBe('říjen 2026');
    expect(formatLocalDate('2026-10', 'en', 'month')).toBe('October 2026');
  });

  it('shows an instant in Prague time', () => {
    expect(formatLocalDate('2026-11-01T13:05:00Z', 'cs', 'dateTime')).toBe('1. 11. 2026 14:05');
  });
});

describe('counts with the plural forms of the language (ICU)', () => {
  let i18n: I18n;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    i18n = TestBed.inject(I18n);
  });

  it('says 1 import, 3 importy, 14 importů in Czech and 1 import, 14 imports in English', () => {
    i18n.use('cs');
    const cs = (count: number) => `${count} ${i18n.t('admin.dashboard.imports', { count })}`;
    expect([1, 3, 14, 0].map(cs)).toEqual([
      '1 import z EDC',
      '3 importy z EDC',
      '14 importů z EDC',
      '0 importů z EDC',
    ]);
    expect(i18n.t('dashboard.warning.FAILED_IMPORTS', { count: 2 })).toBe(
      '2 importy se nepodařily od posledního úspěšného.',
    );
    i18n.use('en');
    expect(i18n.t('admin.dashboard.imports', { count: 1 })).toBe('EDC import');
    expect(i18n.t('admin.dashboard.imports', { count: 14 })).toBe('EDC imports');
  });

  it('fills placeholders inside a plural branch', () => {
    i18n.use('cs');
    expect(i18n.t('dashboard.warning.DRAFT_SETTLEMENT', { count: 1, month: 'říjen 2026' })).toBe(
      'Vyúčtování za říjen 2026 čeká na schválení nebo uzavření.',
    );
    i18n.use('en');
    expect(i18n.t('dashboard.warning.DRAFT_SETTLEMENT', { count: 5, month: 'October 2026' })).toBe(
      '5 settlements are waiting for approval or finalisation.',
    );
  });

  it('parses every ICU text in both languages, with the Czech forms one, few and other', () => {
    for (const language of ['cs', 'en'] as const) {
      i18n.use(language);
      for (const key of Object.keys(cs) as Array<keyof typeof cs>) {
        if (!isIcu(cs[key])) continue;
        // every argument either language's text names, as a number (plural arguments need one)
        const names = [...`${cs[key]} ${en[key]}`.matchAll(/\{(\w+)/g)].map((match) => match[1] as string);
        const text = i18n.t(key, Object.fromEntries(names.map((name) => [name, 2])));
        expect(text, key).not.toMatch(/[{}]/);
      }
    }
    for (const [key, text] of Object.entries(cs))
      if (isIcu(text)) expect(text, key).toMatch(/one \{[^]*few \{[^]*other \{/);
  });
});
