import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, type Signal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, defer, type Observable, of, repeat, switchMap, takeWhile, timer } from 'rxjs';

import type { SharingStatusResponse as SharingStatus } from '@sdilna/shared/util-api-contract';

export type { SharingStatusResponse as SharingStatus } from '@sdilna/shared/util-api-contract';

/** How often a page asks again while figures wait for their recompute (the job takes seconds to minutes). */
export const SHARING_STATUS_POLL_MS = 5000;

@Injectable({ providedIn: 'root' })
export class SharingStatusApi {
  private readonly http = inject(HttpClient);

  /** Whether computed figures are current, or which months wait for (or are in) their recompute. */
  status(communityId: string): Observable<SharingStatus> {
    return this.http.get<SharingStatus>(`/api/communities/${communityId}/sharing/status`);
  }

  /**
   * The status, asked again every `SHARING_STATUS_POLL_MS` while it is not `current` (so a page's banner goes
   * away once the recompute has run); a failed request shows no banner rather than an error on a figures page.
   */
  watch(communityId: string): Observable<SharingStatus | undefined> {
    return defer(() => this.status(communityId)).pipe(
      repeat({ delay: () => timer(SHARING_STATUS_POLL_MS) }),
      takeWhile((status) => status.state !== 'current', true),
      catchError(() => of(undefined)),
    );
  }
}

/** A page's view of the freshness: the last status and a way to ask again after the page changed an input. */
export interface FreshnessWatch {
  readonly status: Signal<SharingStatus | undefined>;
  refresh(): void;
}

/**
 * The freshness of a community's computed figures, for the pages that show them; call in an injection context.
 * Polls while months are stale or recomputing and stops when the page is left.
 */
export function sharingFreshness(communityId: () => string): FreshnessWatch {
  const api = inject(SharingStatusApi);
  const asked = signal(0);
  const request = computed(() => ({ id: communityId(), asked: asked() }));
  const status = toSignal(toObservable(request).pipe(switchMap(({ id }) => api.watch(id))));
  return { status, refresh: () => asked.update((count) => count + 1) };
}
