import { HttpClient, type HttpEvent } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable } from 'rxjs';

import type { ImportStatus } from './community-models';
import { itemsOf, type ListAnswer } from './list-answer';

@Injectable({ providedIn: 'root' })
export class ImportsApi {
  private readonly http = inject(HttpClient);

  /** Upload events (for the progress bar) ending with the 202 answer `{ id, status }`. */
  upload(communityId: string, file: File): Observable<HttpEvent<ImportStatus>> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<ImportStatus>(`/api/communities/${communityId}/imports`, body, {
      reportProgress: true,
      observe: 'events',
    });
  }

  /** Import history, newest first. */
  list(communityId: string): Observable<readonly ImportStatus[]> {
    return this.http
      .get<ListAnswer<ImportStatus>>(`/api/communities/${communityId}/imports`)
      .pipe(map(itemsOf));
  }

  /** Queues a failed import's stored file again as a new import (202 `{ id, status }`). */
  retry(communityId: string, importId: string): Observable<ImportStatus> {
    return this.http.post<ImportStatus>(`/api/communities/${communityId}/imports/${importId}/retry`, {});
  }

  get(communityId: string, importId: string): Observable<ImportStatus> {
    return this.http.get<ImportStatus>(`/api/communities/${communityId}/imports/${importId}`);
  }
}
