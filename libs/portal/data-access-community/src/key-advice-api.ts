import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  KeyAdviceJobResponse,
  KeyAdviceRequest,
  MissedSharingResponse,
} from '@sdilna/shared/util-api-contract';

/** The key advice (a job the page polls) and the missed sharing per point (issue 22). */
@Injectable({ providedIn: 'root' })
export class KeyAdviceApi {
  private readonly http = inject(HttpClient);

  start(communityId: string, request: KeyAdviceRequest): Observable<KeyAdviceJobResponse> {
    return this.http.post<KeyAdviceJobResponse>(`/api/communities/${communityId}/key-advice`, request);
  }

  get(communityId: string, jobId: string): Observable<KeyAdviceJobResponse> {
    return this.http.get<KeyAdviceJobResponse>(
      `/api/communities/${communityId}/key-advice/${encodeURIComponent(jobId)}`,
    );
  }

  missedSharing(communityId: string, month: string): Observable<MissedSharingResponse> {
    return this.http.get<MissedSharingResponse>(`/api/communities/${communityId}/missed-sharing`, {
      params: { month },
    });
  }
}
