import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  CompletenessAnswer,
  DiscrepancyPage,
  GroupsAnswer,
  SharingAnswer,
  SharingQuery,
  SharingSource,
} from './community-models';

@Injectable({ providedIn: 'root' })
export class SharingApi {
  private readonly http = inject(HttpClient);

  get(communityId: string, query: SharingQuery): Observable<SharingAnswer> {
    const params: Record<string, string> = { from: query.from, to: query.to, granularity: query.granularity };
    if (query.ean) params['ean'] = query.ean;
    if (query.source) params['source'] = query.source;
    return this.http.get<SharingAnswer>(`/api/communities/${communityId}/sharing`, { params });
  }

  /** The group totals of a period (administrators), without every point's answer. */
  groups(
    communityId: string,
    query: { from: string; to: string; source?: SharingSource },
  ): Observable<GroupsAnswer> {
    const params: Record<string, string> = { from: query.from, to: query.to };
    if (query.source) params['source'] = query.source;
    return this.http.get<GroupsAnswer>(`/api/communities/${communityId}/sharing/groups`, { params });
  }

  /** Per point and day of a `YYYY-MM` month: complete, preliminary, partial or missing. */
  completeness(communityId: string, month: string): Observable<CompletenessAnswer> {
    return this.http.get<CompletenessAnswer>(`/api/communities/${communityId}/completeness`, {
      params: { month },
    });
  }

  /** Point-intervals where EDC's sharing differs from our engine's with the registered key. */
  discrepancies(
    communityId: string,
    query: { from: string; to: string; limit: number; offset: number },
  ): Observable<DiscrepancyPage> {
    return this.http.get<DiscrepancyPage>(`/api/communities/${communityId}/discrepancies`, {
      params: { ...query },
    });
  }
}
