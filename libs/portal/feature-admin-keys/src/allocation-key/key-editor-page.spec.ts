import { provideHttpClient } from '@angular/common/http';
import { LOCALE_ID, provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { of } from 'rxjs';

import { registerLocaleData } from '@angular/common';
import localeCs from '@angular/common/locales/cs';

import {
  type AllocationKeyInput,
  AllocationKeysApi,
  CommunitiesApi,
  ImportsApi,
  type IterationPeriod,
  MembersApi,
  MeteringPointsApi,
  SharingGroupsApi,
} from '@sdilna/portal/data-access-community';

import { KeyEditorPage } from './key-editor-page';

registerLocaleData(localeCs);

const PRODUCER = '859182400611447671';
const CONSUMER_A = '859182400611941780';
const CONSUMER_B = '859182400611941797';

const LABELS: Record<string, string> = { p1: 'FVE škola', p2: 'Škola', p3: 'Obecní úřad' };
const point = (id: string, ean: string, role: 'production' | 'consumption') => ({
  id,
  ean,
  role,
  memberId: 'm1',
  validFrom: '2026-01-01',
  label: LABELS[id],
});

describe('KeyEditorPage', () => {
  let fixture: ComponentFixture<KeyEditorPage>;
  let saved: AllocationKeyInput[];
  let periods: IterationPeriod[];
  let imports: { id: string; status: string; period: { from: string; to: string } }[];

  beforeEach(async () => {
    saved = [];
    imports = [{ id: 'i1', status: 'done', period: { from: '2026-10-01', to: '2026-10-31' } }];
    periods = [{ validFrom: '2020-01-01', validTo: null, requested: true }];
    localStorage.setItem('sdilna.language', 'cs');
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideRouter([]),
        { provide: LOCALE_ID, useValue: 'cs-CZ' },
        { provide: MembersApi, useValue: { list: () => of([{ id: 'm1', name: 'Obec Lomnice' }]) } },
        { provide: ImportsApi, useValue: { list: () => of(imports) } },
        {
          provide: CommunitiesApi,
          useValue: { get: () => of({ id: 'c1', name: 'Lomnice', type: 'active-customer' }) },
        },
        {
          provide: MeteringPointsApi,
          useValue: {
            list: () =>
              of([
                point('p1', PRODUCER, 'production'),
                point('p2', CONSUMER_A, 'consumption'),
                point('p3', CONSUMER_B, 'consumption'),
              ]),
          },
        },
        {
          provide: SharingGroupsApi,
          useValue: {
            list: () => of([{ id: 'g1', name: 'Lomnice', edcGroupId: null, iterationRequested: true }]),
            iteration: () => of({ sharingGroupId: 'g1', today: '2026-12-07', requested: true, periods }),
            setIteration: (_c: string, _g: string, input: { requested: boolean; validFrom: string }) => {
              periods = [
                { ...periods[0]!, validTo: '2000-01-01' },
                { validFrom: input.validFrom, validTo: null, requested: input.requested },
              ];
              return of({ sharingGroupId: 'g1', today: '2026-12-07', requested: input.requested, periods });
            },
          },
        },
        {
          provide: AllocationKeysApi,
          useValue: {
            list: () => of([]),
            create: (_communityId: string, input: AllocationKeyInput) => {
              saved.push(input);
              return of({ id: 'k1', validFrom: input.validFrom });
            },
          },
        },
      ],
    });
    fixture = TestBed.createComponent(KeyEditorPage);
    fixture.componentRef.setInput('communityId', 'c1');
    await fixture.whenStable();
  });

  const element = () => fixture.nativeElement as HTMLElement;
  const percentInput = (consumer: string) =>
    element().querySelector<HTMLInputElement>(`[data-testid="percent-${PRODUCER}-${consumer}"]`)!;
  const saveButton = () => element().querySelector<HTMLButtonElement>('[data-testid="key-save"]')!;

  async function type(consumer: string, value: string): Promise<void> {
    const input = percentInput(consumer);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  it('shows a row per consumption point and a column per production point, each cell labelled', () => {
    expect(percentInput(CONSUMER_A).getAttribute('aria-label')).toBe(
      `Podíl z ${PRODUCER} pro ${CONSUMER_A} v procentech`,
    );
    expect(percentInput(CONSUMER_B)).not.toBeNull();
  });

  it('refuses a key whose producer sums to more than 100 %, says so next to the sum, and cannot be saved', async () => {
    await type(CONSUMER_A, '60');
    await type(CONSUMER_B, '50');
    const sum = element().querySelector(`[data-testid="sum-${PRODUCER}"]`)!;
    expect(sum.textContent).toContain('110 %');
    expect(sum.textContent).toContain('smí být nejvýše 100 %');
    expect(element().querySelector('[data-testid="key-invalid"]')).not.toBeNull();
    expect(saveButton().disabled).toBe(true);
  });

  it('marks a share with more than two decimals as invalid next to its cell', async () => {
    await type(CONSUMER_A, '3,555');
    expect(percentInput(CONSUMER_A).getAttribute('aria-invalid')).toBe('true');
    const describedBy = percentInput(CONSUMER_A).getAttribute('aria-describedby')!;
    expect(element().querySelector(`#${describedBy}`)?.textContent).toContain('Nejvýše 2 desetinná místa');
  });

  it('saves a valid key as a key file with its validity date', async () => {
    await type(CONSUMER_A, '60');
    await type(CONSUMER_B, '40');
    expect(element().querySelector('[data-testid="key-valid"]')?.textContent).toContain('2 podílů');
    saveButton().click();
    await fixture.whenStable();
    expect(saved).toHaveLength(1);
    // No rounds: EDC derives them from the group, and the API refuses a number that contradicts it.
    expect(saved[0]).not.toHaveProperty('rounds');
    expect(saved[0]).toMatchObject({
      method: 'static-iterative',
      allocations: [
        { producer: PRODUCER, consumer: CONSUMER_A, percent: 60, priority: 1 },
        { producer: PRODUCER, consumer: CONSUMER_B, percent: 40, priority: 1 },
      ],
    });
    expect(saved[0]?.validFrom).toMatch(/^\d{4}-\d{2}-01$/);
    expect(element().querySelector('[data-testid="key-saved"]')).not.toBeNull();
  });

  it('shows the rounds EDC derives for the group instead of a rounds choice (2 consumption points: 2)', () => {
    expect(element().querySelector('#key-rounds')).toBeNull();
    expect(element().querySelector('[data-testid="key-edc-rounds"]')?.textContent).toContain(': 2 ');
  });

  it('offers to record the request for iteration when the method contradicts the group, and records it', async () => {
    expect(element().querySelector('[data-testid="key-iteration-mismatch"]')).toBeNull();
    const method = element().querySelector<HTMLSelectElement>('#key-method')!;
    method.value = 'static';
    method.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    const notice = element().querySelector('[data-testid="key-iteration-mismatch"]');
    expect(notice?.textContent).toContain('požádala');
    element().querySelector<HTMLButtonElement>('[data-testid="key-iteration-record"]')!.click();
    await fixture.whenStable();
    expect(periods.at(-1)).toMatchObject({ requested: false, validTo: null });
    expect(element().querySelector('[data-testid="key-iteration-mismatch"]')).toBeNull();
  });

  it('names the member and the point beside each EAN, in the header and the first column', () => {
    const column = element().querySelector(`[data-testid="producer-${PRODUCER}"]`)!.textContent!;
    expect(column).toContain('Obec Lomnice');
    expect(column).toContain('FVE škola');
    expect(column).toContain(PRODUCER);
    const row = element().querySelector(`[data-testid="consumer-${CONSUMER_B}"]`)!.textContent!;
    expect(row).toContain('Obecní úřad');
  });

  it('writes percentages with a decimal comma in Czech, in the input and in the sum alike', async () => {
    await type(CONSUMER_A, '37.5');
    expect(percentInput(CONSUMER_A).value).toBe('37,5');
    expect(element().querySelector(`[data-testid="sum-${PRODUCER}"]`)!.textContent).toContain('37,5 %');
  });

  it('starts the preview at the newest month with imported data', () => {
    expect(element().querySelector<HTMLInputElement>('#preview-from')!.value).toBe('2026-10-01');
    expect(element().querySelector<HTMLInputElement>('#preview-to')!.value).toBe('2026-10-31');
    expect(element().querySelector('[data-testid="key-preview-newest"]')?.textContent).toContain(
      'říjen 2026',
    );
  });

  it('says what to do instead of a preview of zeros when nothing was imported', async () => {
    imports = [];
    fixture = TestBed.createComponent(KeyEditorPage);
    fixture.componentRef.setInput('communityId', 'c1');
    await fixture.whenStable();
    expect(element().querySelector('[data-testid="key-preview-empty"]')?.textContent).toContain('Import dat');
  });
});
