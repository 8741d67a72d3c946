import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { registerLocaleData } from '@angular/common';
import localeCs from '@angular/common/locales/cs';
import { LOCALE_ID, provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { of, throwError } from 'rxjs';

import {
  MembersApi,
  MeteringPointsApi,
  SettlementsApi,
  type SharingAnswer,
  SharingApi,
  type SharingQuery,
} from '@sdilna/portal/data-access-community';

import { MemberDashboardPage } from './member-dashboard-page';

registerLocaleData(localeCs);

const HOME = '859182400611941780';
const NEIGHBOUR = '859182400611941797';

function monthly(ean: string, months: [string, number, number][]): SharingAnswer['points'][number] {
  return {
    ean,
    role: 'consumption',
    series: months.map(([start, measuredKwh, sharedKwh]) => ({
      start,
      measuredKwh,
      sharedKwh,
      residualKwh: measuredKwh - sharedKwh,
    })),
    totals: { measuredKwh: 0, sharedKwh: 0, residualKwh: 0 },
  };
}

describe('MemberDashboardPage', () => {
  let fixture: ComponentFixture<MemberDashboardPage>;
  let queries: SharingQuery[];

  async function render(
    options: { member?: 'missing'; points?: boolean; settled?: boolean } = {},
  ): Promise<void> {
    queries = [];
    localStorage.setItem('sdilna.language', 'cs');
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        { provide: LOCALE_ID, useValue: 'cs-CZ' },
        {
          provide: MembersApi,
          useValue: {
            get: () =>
              options.member === 'missing'
                ? throwError(
                    () =>
                      new HttpErrorResponse({
                        status: 404,
                        error: { error: { code: 'NOT_FOUND', message: 'no such member' } },
                      }),
                  )
                : of({ id: 'm1', name: 'Jana Nováková', kind: 'household' }),
          },
        },
        {
          provide: MeteringPointsApi,
          useValue: {
            list: () =>
              of(
                options.points === false
                  ? []
                  : [
                      { id: 'p1', ean: HOME, role: 'consumption', memberId: 'm1', validFrom: '2026-01-01' },
                      {
                        id: 'p2',
                        ean: NEIGHBOUR,
                        role: 'consumption',
                        memberId: 'm2',
                        validFrom: '2026-01-01',
                      },
                    ],
              ),
          },
        },
        {
          provide: SettlementsApi,
          useValue: {
            list: () =>
              of(
                options.settled
                  ? [
                      { id: 'r3', period: '2026-03', status: 'final' },
                      { id: 'r4', period: '2026-04', status: 'final' },
                    ]
                  : [{ id: 'r4', period: '2026-04', status: 'draft' }],
              ),
            get: (_communityId: string, runId: string) =>
              of({
                id: runId,
                members: [
                  { memberId: 'm2', name: 'Soused', consumerSaving: '999.00' },
                  {
                    memberId: 'm1',
                    name: 'Jana Nováková',
                    consumerSaving: runId === 'r4' ? '1234.5' : '1.00',
                  },
                ],
              }),
          },
        },
        {
          provide: SharingApi,
          useValue: {
            get: (_communityId: string, query: SharingQuery) => {
              queries.push(query);
              if (query.granularity === '15m') return of({ points: [] });
              return of({
                points: [
                  monthly(HOME, [
                    ['2026-03', 200.5, 50.25],
                    ['2026-04', 180.1, 60.07],
                  ]),
                  // a point of another member never counts, even if an answer carried it
                  monthly(NEIGHBOUR, [['2026-04', 999, 999]]),
                ],
              });
            },
          },
        },
      ],
    });
    fixture = TestBed.createComponent(MemberDashboardPage);
    fixture.componentRef.setInput('communityId', 'c1');
    fixture.componentRef.setInput('memberId', 'm1');
    await fixture.whenStable();
  }

  const text = (testId: string) =>
    (fixture.nativeElement as HTMLElement)
      .querySelector(`[data-testid="${testId}"]`)
      ?.textContent?.replace(/\s+/g, ' ')
      .trim();

  it("shows the latest month's and the year's shared kWh of the member's own points in Czech format", async () => {
    await render();
    expect(text('shared-month')).toBe('60,07 kWh');
    expect(text('shared-year')).toBe('110,32 kWh');
  });

  it("shows the member's savings in Kč from the month's final settlement, and a dash before it is final", async () => {
    await render({ settled: true });
    expect(text('savings')).toBe('1\u00a0234,50\u00a0Kč'.replace(/\s/g, ' '));
    TestBed.resetTestingModule();
    await render({ settled: false });
    expect(text('savings')).toBe('–');
  });

  it('shows self-sufficiency as shared over consumption of the month', async () => {
    await render();
    // 60.07 / 180.10 = 33.35… % → rounded down in basis points to 33.35 %, shown with one decimal
    expect(text('self-sufficiency')).toContain('33,4');
  });

  it('asks the API for the whole year by month and for one day by 15 minutes', async () => {
    await render();
    const year = new Date().getFullYear();
    expect(queries).toContainEqual({ from: `${year}-01-01`, to: `${year}-12-31`, granularity: 'month' });
    expect(queries).toContainEqual({ from: '2026-04-30', to: '2026-04-30', granularity: '15m' });
  });

  it('draws the monthly chart with a data table for screen readers', async () => {
    await render();
    const table = (fixture.nativeElement as HTMLElement).querySelector('sd-chart table');
    expect(table?.textContent).toContain('dub');
    expect(table?.textContent).toContain('60,07');
  });

  it('shows "not found" for a member the API does not confirm', async () => {
    await render({ member: 'missing' });
    expect(text('not-found')).toBe('Stránka nenalezena');
    expect(queries).toEqual([]);
  });

  it('tells a member without metering points what is missing instead of showing zeros', async () => {
    await render({ points: false });
    expect(text('empty-state')).toContain('Zatím žádná odběrná místa');
    expect(text('shared-month')).toBeUndefined();
  });
});
