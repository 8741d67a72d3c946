import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { Source, SourceInput } from './community-models';
import { fetchAll } from './list-answer';

@Injectable({ providedIn: 'root' })
export class SourcesApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly Source[]> {
    return fetchAll<Source>(this.http, `/api/communities/${communityId}/sources`);
  }

  create(communityId: string, input: SourceInput): Observable<Source> {
    return this.http.post<Source>(`/api/communities/${communityId}/sources`, input);
  }
}
