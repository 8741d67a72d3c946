import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type Observable, of, Subject, throwError } from 'rxjs';

import { ListRows, ResourceList } from './resource-list';

interface Row {
  readonly id: string;
  readonly name: string;
}

@Component({
  selector: 'sd-list-host',
  imports: [ResourceList, ListRows],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <sd-resource-list [resource]="rows" emptyHeading="Nothing yet" [showLoading]="loading()">
      <p sdEmpty data-testid="empty-text">Add the first one.</p>
      <ng-template [sdListRows]="rows" let-list>
        <ul data-testid="rows">
          @for (row of list; track row.id) {
            <li>{{ row.name }}</li>
          }
        </ul>
      </ng-template>
    </sd-resource-list>
  `,
})
class ListHost {
  readonly source = signal<() => Observable<readonly Row[]>>(() => of([]));
  readonly loading = signal(false);
  readonly rows = rxResource({ params: () => this.source(), stream: ({ params }) => params() });
}

@Component({
  selector: 'sd-table-host',
  imports: [ResourceList, ListRows],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <sd-resource-list
      [resource]="rows"
      emptyHeading="Nothing yet"
      [columns]="['EAN', 'member.name']"
      actionsColumn
      caption="admin.members.title"
      tableTestId="rows-table"
    >
      <p sdEmpty>Add the first one.</p>
      <ng-template [sdListRows]="rows" let-list>
        @for (row of list; track row.id) {
          <tr>
            <th scope="row">{{ row.id }}</th>
            <td>{{ row.name }}</td>
            <td><button type="button">Edit</button></td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
  `,
})
class TableHost {
  readonly rows = rxResource({
    stream: () =>
      of<readonly Row[]>([
        { id: '1', name: 'Obec' },
        { id: '2', name: 'Škola' },
      ]),
  });
}

describe('ResourceList', () => {
  let fixture: ComponentFixture<ListHost>;
  const element = () => fixture.nativeElement as HTMLElement;

  beforeEach(() => {
    localStorage.setItem('sdilna.language', 'en');
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    fixture = TestBed.createComponent(ListHost);
  });

  async function answer(stream: () => Observable<readonly Row[]>): Promise<void> {
    fixture.componentInstance.source.set(stream);
    await fixture.whenStable();
  }

  it('shows the empty state with its heading and projected text when the list is empty', async () => {
    await answer(() => of([]));
    expect(element().querySelector('[data-testid="empty-state"] h2')?.textContent).toContain('Nothing yet');
    expect(element().querySelector('[data-testid="empty-text"]')?.textContent).toContain(
      'Add the first one.',
    );
    expect(element().querySelector('[data-testid="rows"]')).toBeNull();
    expect(element().querySelector('[data-testid="api-error"]')).toBeNull();
  });

  it('shows the rows template with the loaded list', async () => {
    await answer(() =>
      of([
        { id: '1', name: 'Obec' },
        { id: '2', name: 'Škola' },
      ]),
    );
    const items = Array.from(element().querySelectorAll('[data-testid="rows"] li')).map((li) =>
      li.textContent?.trim(),
    );
    expect(items).toEqual(['Obec', 'Škola']);
    expect(element().querySelector('[data-testid="empty-state"]')).toBeNull();
  });

  it('shows the API error and neither rows nor the empty state when the call fails', async () => {
    await answer(() => throwError(() => new HttpErrorResponse({ status: 500 })));
    expect(element().querySelector('[data-testid="api-error"]')).not.toBeNull();
    expect(element().querySelector('[data-testid="empty-state"]')).toBeNull();
    expect(element().querySelector('[data-testid="rows"]')).toBeNull();
  });

  it('announces loading only when asked', async () => {
    const pending = new Subject<readonly Row[]>();
    // Not whenStable: the host stays unstable while the list is loading.
    fixture.componentInstance.source.set(() => pending);
    TestBed.tick();
    expect(element().querySelector('[role="status"]')).toBeNull();
    fixture.componentInstance.loading.set(true);
    TestBed.tick();
    expect(element().querySelector('[role="status"]')).not.toBeNull();
    pending.next([{ id: '1', name: 'Obec' }]);
    pending.complete();
    await fixture.whenStable();
    expect(element().querySelector('[role="status"]')).toBeNull();
    expect(element().querySelector('[data-testid="rows"]')).not.toBeNull();
  });
});

describe('ResourceList with columns', () => {
  it('puts the rows into a scrolling table with its caption and its column headings', async () => {
    localStorage.setItem('sdilna.language', 'en');
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    const fixture = TestBed.createComponent(TableHost);
    await fixture.whenStable();
    const table = (fixture.nativeElement as HTMLElement).querySelector('.table-wrap > table');
    expect(table?.getAttribute('data-testid')).toBe('rows-table');
    expect(table?.querySelector('caption.visually-hidden')?.textContent?.trim()).toBe('Members');
    const headings = Array.from(table?.querySelectorAll('thead th[scope="col"]') ?? []);
    expect(headings.map((th) => th.textContent?.trim())).toEqual(['EAN', 'Name', 'Actions']);
    expect(headings[2]?.querySelector('span.visually-hidden')).not.toBeNull();
    const rows = Array.from(table?.querySelectorAll('tbody > tr') ?? []);
    expect(rows.map((tr) => tr.querySelector('td')?.textContent)).toEqual(['Obec', 'Škola']);
  });
});
