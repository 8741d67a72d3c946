import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  EstimateRequest,
  EstimateResponse,
  JoinRequestRequest,
  JoinRequestResponse,
  OnboardingReport,
  PublicCommunityResponse,
  PublicPageRequest,
  PublicPageResponse,
} from '@sdilna/shared/util-api-contract';

export type { OnboardingReport, OnboardingRow } from '@sdilna/shared/util-api-contract';

/** The public page and join requests (docs/joining.md): the visitor's calls need no login. */
@Injectable({ providedIn: 'root' })
export class JoiningApi {
  private readonly http = inject(HttpClient);

  community(slug: string): Observable<PublicCommunityResponse> {
    return this.http.get<PublicCommunityResponse>(`/api/public/communities/${encodeURIComponent(slug)}`);
  }

  estimate(slug: string, input: EstimateRequest): Observable<EstimateResponse> {
    return this.http.post<EstimateResponse>(
      `/api/public/communities/${encodeURIComponent(slug)}/estimate`,
      input,
    );
  }

  submit(slug: string, input: JoinRequestRequest): Observable<{ email: string; estimate: EstimateResponse }> {
    return this.http.post<{ email: string; estimate: EstimateResponse }>(
      `/api/public/communities/${encodeURIComponent(slug)}/join-requests`,
      input,
    );
  }

  confirm(token: string): Observable<{ communityName: string }> {
    return this.http.post<{ communityName: string }>(`/api/public/join-requests/confirm`, { token });
  }

  page(communityId: string): Observable<PublicPageResponse> {
    return this.http.get<PublicPageResponse>(`/api/communities/${communityId}/public-page`);
  }

  savePage(communityId: string, input: PublicPageRequest): Observable<PublicPageResponse> {
    return this.http.put<PublicPageResponse>(`/api/communities/${communityId}/public-page`, input);
  }

  requests(communityId: string): Observable<readonly JoinRequestResponse[]> {
    return this.http.get<readonly JoinRequestResponse[]>(`/api/communities/${communityId}/join-requests`);
  }

  accept(communityId: string, requestId: string): Observable<JoinRequestResponse> {
    return this.http.post<JoinRequestResponse>(
      `/api/communities/${communityId}/join-requests/${requestId}/accept`,
      {},
    );
  }

  decline(communityId: string, requestId: string, reason: string): Observable<JoinRequestResponse> {
    return this.http.post<JoinRequestResponse>(
      `/api/communities/${communityId}/join-requests/${requestId}/decline`,
      { reason },
    );
  }

  /** Bulk onboarding (CSV or XLSX): the preview stores nothing; the import stores every row or none. */
  onboarding(communityId: string, file: File, store: boolean): Observable<OnboardingReport> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<OnboardingReport>(
      `/api/communities/${communityId}/onboarding${store ? '' : '/preview'}`,
      body,
    );
  }
}
