import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID, provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { of } from 'rxjs';

import { registerLocaleData } from '@angular/common';
import localeCs from '@angular/common/locales/cs';

import {
  AllocationKeysApi,
  AuditApi,
  type Dashboard,
  ImportsApi,
  InvitationsApi,
  MembersApi,
  MeteringPointsApi,
  SourcesApi,
} from '@sdilna/portal/data-access-community';

import { DashboardPage } from './dashboard-page';

registerLocaleData(localeCs);

const empty = { list: () => of([]) };

/** 14 finished imports (the failed one is a warning, not an import) and one of each warning. */
const overview: Dashboard = {
  importCount: 14,
  lastDataDay: '2026-04-30',
  warnings: [
    {
      code: 'MISSING_DAYS',
      params: { points: 2, days: 5, from: '2026-04-01', to: '2026-04-30' },
      items: [
        { id: '859182400000000017', label: '859182400000000017 (Škola)', count: 4 },
        { id: '859182400000000024', label: '859182400000000024', count: 1 },
      ],
    },
    { code: 'FAILED_IMPORTS', params: { count: 1 }, items: [{ id: 'f1', label: 'duben.csv' }] },
    { code: 'DRAFT_SETTLEMENT', params: { count: 1, period: '2026-04' } },
    { code: 'DATA_OUTDATED', params: { days: 12, lastDay: '2026-04-30' } },
  ],
};

describe('DashboardPage', () => {
  let fixture: ComponentFixture<DashboardPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('sdilna.language', 'cs');
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: LOCALE_ID, useValue: 'cs-CZ' },
        { provide: MembersApi, useValue: empty },
        { provide: MeteringPointsApi, useValue: empty },
        { provide: SourcesApi, useValue: empty },
        { provide: AllocationKeysApi, useValue: empty },
        { provide: InvitationsApi, useValue: empty },
        { provide: AuditApi, useValue: { dashboard: () => of(overview) } },
        {
          provide: ImportsApi,
          useValue: {
            list: () => of([{ id: 'i1', status: 'done', period: { from: '2026-04-01', to: '2026-04-30' } }]),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DashboardPage);
    fixture.componentRef.setInput('communityId', 'c1');
    // Not whenStable: the page stays unstable while the group overview request is open.
    TestBed.tick();
  });

  it('shows the group totals of the newest imported month from the group overview, not every point', async () => {
    const request = http.expectOne((candidate) => candidate.url === '/api/communities/c1/sharing/groups');
    expect(request.request.params.get('from')).toBe('2026-04-01');
    expect(request.request.params.get('to')).toBe('2026-04-30');
    request.flush({
      from: '2026-04-01',
      to: '2026-04-30',
      source: 'edc',
      groups: [
        {
          sharingGroupId: 'g1',
          name: 'Lomnice',
          productionKwh: 1200.5,
          consumptionKwh: 900,
          sharedKwh: 640.25,
          residualExportKwh: 560.25,
          residualImportKwh: 259.75,
          missedKwh: 0,
          discrepancies: 0,
        },
      ],
    });
    // the figures of April are being recomputed (a key changed): the page says so above them
    http.expectOne('/api/communities/c1/sharing/status').flush({
      state: 'recomputing',
      staleMonths: [],
      recomputingMonths: ['2026-04'],
      months: [],
    });
    // the missed-sharing card asks for the same month once the group's figures are there
    const missed = await vi.waitFor(() => {
      TestBed.tick();
      return http.expectOne((candidate) => candidate.url === '/api/communities/c1/missed-sharing');
    });
    expect(missed.request.params.get('month')).toBe('2026-04');
    missed.flush({
      month: '2026-04',
      days: 30,
      points: [],
      members: [
        { memberId: 'm1', name: 'Novákovi', missedKwh: 41 },
        { memberId: 'm2', name: 'Dvořákovi', missedKwh: 0 },
      ],
    });
    await fixture.whenStable();
    http.expectNone('/api/communities/c1/sharing');
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="group-month"]')?.textContent).toContain('duben 2026');
    expect(element.querySelector('[data-testid="group-shared"]')?.textContent).toContain('640,25');
    expect(element.querySelector('[data-testid="freshness-banner"]')?.textContent).toContain(
      'Údaje za duben 2026 se právě přepočítávají.',
    );
    const card = element.querySelector('[data-testid="missed-sharing"]')?.textContent ?? '';
    expect(card).toContain('Novákovi');
    expect(card).toContain('41,00');
    // a member who missed nothing is not listed
    expect(card).not.toContain('Dvořákovi');
    http.verify();
  });

  it('counts finished imports with the Czech plural and words every warning with a link to its fix', async () => {
    http
      .expectOne((candidate) => candidate.url === '/api/communities/c1/sharing/groups')
      .flush({ groups: [] });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const text = (testId: string) =>
      (element.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    expect(text('import-count')).toBe('14 importů z EDC');
    expect(text('warning-MISSING_DAYS')).toContain(
      'Chybí data z EDC: 2 místa, celkem 5 dní v období 1. 4. 2026 – 30. 4. 2026.',
    );
    expect(text('warning-MISSING_DAYS')).toContain('859182400000000017 (Škola): 4 dny');
    expect(text('warning-MISSING_DAYS')).toContain('859182400000000024: 1 den');
    expect(text('warning-FAILED_IMPORTS')).toContain('1 import se nepodařil od posledního úspěšného.');
    expect(text('warning-DRAFT_SETTLEMENT')).toContain('Vyúčtování za duben 2026 čeká na schválení');
    expect(text('warning-DATA_OUTDATED')).toContain(
      'Nejnovější data jsou ze dne 30. 4. 2026, tedy staré 12 dní.',
    );
    const links = Array.from(element.querySelectorAll('[data-testid^="fix-"]')).map((link) =>
      link.getAttribute('href'),
    );
    expect(links).toEqual(['/completeness', '/imports', '/settlements', '/edc-connector']);
  });
});
