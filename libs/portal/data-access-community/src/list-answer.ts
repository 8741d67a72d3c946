import type { HttpClient } from '@angular/common/http';
import { expand, map, type Observable, reduce, EMPTY } from 'rxjs';

/** Registry lists answer a page `{ items, total, limit, offset }`; older endpoints a bare array. */
import type { ListResponse as ListAnswer } from '@sdilna/shared/util-api-contract';

export type { ListAnswer };

export function itemsOf<T>(answer: ListAnswer<T>): readonly T[] {
  return Array.isArray(answer) ? (answer as readonly T[]) : (answer as { items: readonly T[] }).items;
}

const PAGE_SIZE = 200;

/** Every item of a paged list (admin-sized sets: at most a few pages). */
export function fetchAll<T>(http: HttpClient, url: string): Observable<readonly T[]> {
  const page = (offset: number) =>
    http
      .get<ListAnswer<T>>(url, { params: { limit: PAGE_SIZE, offset } })
      .pipe(map((answer) => ({ answer, offset })));
  return page(0).pipe(
    expand(({ answer, offset }) => {
      if (Array.isArray(answer)) return EMPTY;
      const total = (answer as { total?: number }).total ?? 0;
      const next = offset + PAGE_SIZE;
      return next < total ? page(next) : EMPTY;
    }),
    reduce<{ answer: ListAnswer<T> }, T[]>((all, { answer }) => all.concat(itemsOf(answer)), []),
  );
}
