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
  ImportsApi,
  InvitationsApi,
  MembersApi,
  MeteringPointsApi,
  SourcesApi,
} from '@sdilna/portal/data-access-community';

import { DashboardPage } from './dashboard-page';

registerLocaleData(localeCs);

const empty = { list: () => of([]) };

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
    await fixture.whenStable();
    http.expectNone('/api/communities/c1/sharing');
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="group-month"]')?.textContent).toContain('duben 2026');
    expect(element.querySelector('[data-testid="group-shared"]')?.textContent).toContain('640,25');
    http.verify();
  });
});
