import { HttpErrorResponse } from '@angular/common/http';
import { LOCALE_ID, provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { type Observable, of, throwError } from 'rxjs';

import { registerLocaleData } from '@angular/common';
import localeCs from '@angular/common/locales/cs';

import {
  MembersApi,
  type MeteringPoint,
  type MeteringPointChange,
  MeteringPointsApi,
  type PointPrice,
  type PointPriceInput,
  SharingGroupsApi,
} from '@sdilna/portal/data-access-community';
import type { ClosePeriodRequest, PointSuccessorRequest } from '@sdilna/shared/util-api-contract';

import { MeteringPointPage } from './metering-point-page';

registerLocaleData(localeCs);

const CONSUMER: MeteringPoint = {
  id: 'p1',
  ean: '859182400611941780',
  role: 'consumption',
  memberId: 'm1',
  validFrom: '2026-01-01',
  label: 'Byt 3',
};

describe('MeteringPointPage', () => {
  let fixture: ComponentFixture<MeteringPointPage>;
  let updates: MeteringPointChange[];
  let added: PointPriceInput[];
  let prices: PointPrice[];
  let addPrice: (input: PointPriceInput) => Observable<PointPrice>;
  let navigations: unknown[][];
  let closes: Array<{ priceId: string; change: ClosePeriodRequest }>;
  let closePrice: (priceId: string, change: ClosePeriodRequest) => Observable<PointPrice>;
  let successors: PointSuccessorRequest[];

  async function open(point: MeteringPoint): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        { provide: LOCALE_ID, useValue: 'cs-CZ' },
        {
          provide: MembersApi,
          useValue: {
            list: () =>
              of([
                { id: 'm1', name: 'Novákovi', kind: 'household' },
                { id: 'm2', name: 'Dvořákovi', kind: 'household' },
              ]),
          },
        },
        {
          provide: MeteringPointsApi,
          useValue: {
            get: () => of(point),
            prices: () => of(prices),
            update: (_c: string, _p: string, change: MeteringPointChange) => {
              updates.push(change);
              return of({ ...point, ...change });
            },
            addPrice: (_c: string, _p: string, input: PointPriceInput) => addPrice(input),
            closePrice: (_c: string, _p: string, priceId: string, change: ClosePeriodRequest) =>
              closePrice(priceId, change),
            history: () => of([point]),
            successor: (_c: string, _p: string, input: PointSuccessorRequest) => {
              successors.push(input);
              return of({
                ...point,
                id: 'p2',
                memberId: input.memberId ?? point.memberId,
                validFrom: input.validFrom,
              });
            },
          },
        },
        {
          provide: SharingGroupsApi,
          useValue: { list: () => of([{ id: 'g1', name: 'Skupina 1' }]) },
        },
      ],
    });
    const router = TestBed.inject(Router);
    router.navigate = (commands: unknown[]) => {
      navigations.push(commands);
      return Promise.resolve(true);
    };
    fixture = TestBed.createComponent(MeteringPointPage);
    fixture.componentRef.setInput('communityId', 'c1');
    fixture.componentRef.setInput('pointId', point.id);
    await fixture.whenStable();
  }

  beforeEach(() => {
    localStorage.setItem('sdilna.language', 'cs');
    updates = [];
    added = [];
    navigations = [];
    closes = [];
    successors = [];
    closePrice = (priceId, change) => {
      closes.push({ priceId, change });
      return of({ ...prices[0]!, validTo: change.validTo });
    };
    prices = [
      {
        id: 'pr1',
        kind: 'supplier-energy',
        pricePerKwh: '6.50',
        currency: 'CZK',
        validFrom: '2026-01-01',
        validTo: null,
      },
    ];
    addPrice = (input) => {
      added.push(input);
      return of({ id: 'pr2', currency: 'CZK', validTo: null, ...input });
    };
  });

  const element = () => fixture.nativeElement as HTMLElement;
  const field = <T extends HTMLElement>(id: string) => element().querySelector<T>(`#${id}`)!;
  const button = (form: number) =>
    element().querySelectorAll('form')[form]!.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const submitOf = (testId: string) =>
    element()
      .querySelector(`form[data-testid="${testId}"]`)!
      .querySelector<HTMLButtonElement>('button[type="submit"]')!;

  async function type(id: string, value: string): Promise<void> {
    const input = field<HTMLInputElement | HTMLSelectElement>(id);
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
    await fixture.whenStable();
  }

  it('shows the point with its member and label filled in, and its supplier price with a decimal comma', async () => {
    await open(CONSUMER);
    expect(element().querySelector('h1')?.textContent).toContain(CONSUMER.ean);
    expect(field<HTMLSelectElement>('point-member').value).toBe('m1');
    expect(field<HTMLInputElement>('point-label').value).toBe('Byt 3');
    expect(element().querySelector('h2')?.textContent).toContain('Cena silové elektřiny od dodavatele');
    expect(element().querySelector('[data-testid="prices-table"]')?.textContent).toContain('6,50 Kč');
  });

  it('ends the point on a day and moves it to another member, then goes back to the list', async () => {
    await open(CONSUMER);
    await type('point-member', 'm2');
    await type('point-to', '2026-06-30');
    button(0).click();
    await fixture.whenStable();
    expect(updates).toEqual([{ memberId: 'm2', label: 'Byt 3', validTo: '2026-06-30' }]);
    expect(navigations).toEqual([['/admin', 'c1', 'metering-points']]);
  });

  it('refuses an end before the start next to the field and sends nothing', async () => {
    await open(CONSUMER);
    await type('point-to', '2025-12-31');
    button(0).click();
    await fixture.whenStable();
    expect(updates).toEqual([]);
    expect(element().querySelector('#point-to-error')?.textContent).toContain(
      'Konec nemůže být dřív než začátek',
    );
    expect(field<HTMLInputElement>('point-to').getAttribute('aria-invalid')).toBe('true');
  });

  it('adds a supplier price typed with a decimal comma as the API’s decimal string', async () => {
    await open(CONSUMER);
    await type('price-value', '7,25');
    await type('price-from', '2026-07-01');
    submitOf('add-price').click();
    await fixture.whenStable();
    expect(added).toEqual([{ kind: 'supplier-energy', pricePerKwh: '7.25', validFrom: '2026-07-01' }]);
  });

  it('gives a production point the feed-in price', async () => {
    prices = [];
    await open({ ...CONSUMER, role: 'production' });
    expect(element().querySelector('h2')?.textContent).toContain('Výkupní cena');
    expect(element().querySelector('[data-testid="no-prices"]')).not.toBeNull();
    await type('price-value', '2');
    await type('price-from', '2026-01-01');
    submitOf('add-price').click();
    await fixture.whenStable();
    expect(added[0]?.kind).toBe('feed-in');
  });

  it('refuses a price with five decimals without asking the API', async () => {
    await open(CONSUMER);
    await type('price-value', '6,12345');
    await type('price-from', '2026-07-01');
    submitOf('add-price').click();
    await fixture.whenStable();
    expect(added).toEqual([]);
    expect(element().querySelector('#price-value-error')?.textContent).toContain('nejvýše 4 desetinnými');
  });

  it('says in words when the price period overlaps an earlier one', async () => {
    addPrice = () =>
      throwError(
        () =>
          new HttpErrorResponse({
            status: 409,
            error: { error: { code: 'PRICE_PERIOD_OVERLAP', message: 'overlaps' } },
          }),
      );
    await open(CONSUMER);
    await type('price-value', '7');
    await type('price-from', '2026-03-01');
    submitOf('add-price').click();
    await fixture.whenStable();
    expect(element().textContent).toContain('V tomto období už cena platí');
  });

  it('ends a price on its last day and starts the next price the day after', async () => {
    await open(CONSUMER);
    await type('end-price-to', '2026-06-14');
    submitOf('end-price').click();
    await fixture.whenStable();
    expect(closes).toEqual([{ priceId: 'pr1', change: { validTo: '2026-06-14' } }]);
    expect(field<HTMLInputElement>('price-from').value).toBe('2026-06-15');
  });

  it('names the final documents of a 409 and repeats the change as a correction when asked', async () => {
    closePrice = (priceId, change) => {
      closes.push({ priceId, change });
      return change.asCorrection
        ? of({ ...prices[0]!, validTo: change.validTo })
        : throwError(
            () =>
              new HttpErrorResponse({
                status: 409,
                error: {
                  error: {
                    code: 'PERIOD_HAS_FINAL_DOCUMENTS',
                    message: 'final',
                    details: {
                      months: ['2026-04'],
                      documents: [{ id: 'd1', number: 'FV-2026-000007', runId: 'r1', period: '2026-04' }],
                    },
                  },
                },
              }),
          );
    };
    await open(CONSUMER);
    await type('end-price-to', '2026-04-14');
    submitOf('end-price').click();
    await fixture.whenStable();
    const dialog = element().querySelector('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain('duben 2026');
    expect(dialog.textContent).toContain('FV-2026-000007');
    dialog.querySelector<HTMLButtonElement>('[data-testid="as-correction"]')!.click();
    await fixture.whenStable();
    expect(closes.map((close) => close.change)).toEqual([
      { validTo: '2026-04-14' },
      { validTo: '2026-04-14', asCorrection: true },
    ]);
    expect(element().querySelector('[role="alertdialog"]')).toBeNull();
  });

  it('moves the point to another member from a date (its successor) and says so', async () => {
    await open(CONSUMER);
    await type('successor-from', '2026-07-01');
    await type('successor-member', 'm2');
    submitOf('successor').click();
    await fixture.whenStable();
    expect(successors).toEqual([{ validFrom: '2026-07-01', memberId: 'm2' }]);
    expect(element().querySelector('[data-testid="successor-done"]')?.textContent).toContain('Dvořákovi');
  });
});
