import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { Source, SourceChange, SourceInput } from './community-models';
import { fetchAll } from './list-answer';

@Injectable({ providedIn: 'root' })
export class SourcesApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly Source[]> {
    return fetchAll<Source>(this.http, `/api/communities/${communityId}/sources`);
  }

  get(communityId: string, sourceId: string): Observable<Source> {
    return this.http.get<Source>(`/api/communities/${communityId}/sources/${sourceId}`);
  }

  create(communityId: string, input: SourceInput): Observable<Source> {
    return this.http.post<Source>(`/api/communities/${communityId}/sources`, input);
  }

  update(communityId: string, sourceId: string, change: SourceChange): Observable<Source> {
    return this.http.patch<Source>(`/api/communities/${communityId}/sources/${sourceId}`, change);
  }

  remove(communityId: string, sourceId: string): Observable<unknown> {
    return this.http.delete(`/api/communities/${communityId}/sources/${sourceId}`);
  }
}
