import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { SharingAnswer, SharingQuery } from './community-models';

@Injectable({ providedIn: 'root' })
export class SharingApi {
  private readonly http = inject(HttpClient);

  get(communityId: string, query: SharingQuery): Observable<SharingAnswer> {
    const params: Record<string, string> = { from: query.from, to: query.to, granularity: query.granularity };
    if (query.ean) params['ean'] = query.ean;
    if (query.source) params['source'] = query.source;
    return this.http.get<SharingAnswer>(`/api/communities/${communityId}/sharing`, { params });
  }
}
