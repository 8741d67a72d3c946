import { LOCALE_ID, provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { of } from 'rxjs';

import { registerLocaleData } from '@angular/common';
import localeCs from '@angular/common/locales/cs';

import { MeteringPointsApi, type SourceChange, SourcesApi } from '@sdilna/portal/data-access-community';

import { SourcePage } from './source-page';

registerLocaleData(localeCs);

describe('SourcePage', () => {
  let fixture: ComponentFixture<SourcePage>;
  let updates: SourceChange[];
  let removed: string[];
  let navigations: unknown[][];

  beforeEach(async () => {
    localStorage.setItem('sdilna.language', 'cs');
    updates = [];
    removed = [];
    navigations = [];
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        { provide: LOCALE_ID, useValue: 'cs-CZ' },
        {
          provide: SourcesApi,
          useValue: {
            // The API answers installed power as a decimal string.
            get: () =>
              of({ id: 's1', name: 'FVE škola', kind: 'pv', installedKw: '31.90', meteringPointId: 'p1' }),
            update: (_c: string, _s: string, change: SourceChange) => {
              updates.push(change);
              return of({});
            },
            remove: (_c: string, sourceId: string) => {
              removed.push(sourceId);
              return of(null);
            },
          },
        },
        {
          provide: MeteringPointsApi,
          useValue: {
            list: () =>
              of([
                {
                  id: 'p1',
                  ean: '859182400611447671',
                  role: 'production',
                  memberId: 'm1',
                  validFrom: '2026-01-01',
                },
              ]),
          },
        },
      ],
    });
    TestBed.inject(Router).navigate = (commands: unknown[]) => {
      navigations.push(commands);
      return Promise.resolve(true);
    };
    fixture = TestBed.createComponent(SourcePage);
    fixture.componentRef.setInput('communityId', 'c1');
    fixture.componentRef.setInput('sourceId', 's1');
    await fixture.whenStable();
  });

  const element = () => fixture.nativeElement as HTMLElement;
  const input = (id: string) => element().querySelector<HTMLInputElement>(`#${id}`)!;
  const click = async (selector: string) => {
    element().querySelector<HTMLButtonElement>(selector)!.click();
    await fixture.whenStable();
  };
  async function type(id: string, value: string): Promise<void> {
    input(id).value = value;
    input(id).dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  it('shows the plant with its point and fills in its name and installed power', () => {
    expect(element().querySelector('h1')?.textContent).toContain('FVE škola');
    expect(element().querySelector('.lead')?.textContent).toContain('859182400611447671');
    expect(input('source-name').value).toBe('FVE škola');
    expect(input('source-kw').valueAsNumber).toBe(31.9);
  });

  it('saves a new installed power as a number and goes back to the list', async () => {
    await type('source-kw', '45.5');
    await click('button[type="submit"]');
    expect(updates).toEqual([{ name: 'FVE škola', installedKw: 45.5 }]);
    expect(navigations).toEqual([['/admin', 'c1', 'sources']]);
  });

  it('refuses a power with three decimals next to the field and sends nothing', async () => {
    await type('source-kw', '45.125');
    await click('button[type="submit"]');
    expect(updates).toEqual([]);
    expect(element().querySelector('#source-kw-error')?.textContent).toContain('nejvýše 2 desetinnými místy');
  });

  it('deletes the plant', async () => {
    await click('button.danger');
    expect(removed).toEqual(['s1']);
    expect(navigations).toEqual([['/admin', 'c1', 'sources']]);
  });
});
