import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  DocumentDeliveryResponse,
  RunPreviewResponse,
  SettlementRequest,
  SettlementRunResponse as SettlementRun,
  SettlementStep,
  SuggestedSettlementPeriod,
} from '@sdilna/shared/util-api-contract';

export type {
  DocumentDeliveryResponse as DocumentDelivery,
  SettlementRunResponse as SettlementRun,
} from '@sdilna/shared/util-api-contract';

@Injectable({ providedIn: 'root' })
export class SettlementsApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly SettlementRun[]> {
    return this.http.get<readonly SettlementRun[]>(`/api/communities/${communityId}/settlements`);
  }

  get(communityId: string, runId: string): Observable<SettlementRun> {
    return this.http.get<SettlementRun>(`/api/communities/${communityId}/settlements/${runId}`);
  }

  /**
   * A draft run of `YYYY-MM`; its lines are computed by a job (computeStatus). For a final month whose inputs
   * changed it is a correction run; `reason` is printed on its corrective documents.
   */
  request(
    communityId: string,
    period: string,
    reason?: string,
    settleAnyway = false,
  ): Observable<SettlementRun> {
    const body: SettlementRequest = {
      period,
      ...(reason ? { reason } : {}),
      ...(settleAnyway ? { settleAnyway: true } : {}),
    };
    return this.http.post<SettlementRun>(`/api/communities/${communityId}/settlements`, body);
  }

  /** The documents finalising a computed run will issue, built by the code that issues them. */
  previews(communityId: string, runId: string): Observable<RunPreviewResponse> {
    return this.http.get<RunPreviewResponse>(`/api/communities/${communityId}/settlements/${runId}/previews`);
  }

  /** The newest month whose EDC data are complete and final: the month the settlements page starts with. */
  suggestedPeriod(communityId: string): Observable<SuggestedSettlementPeriod> {
    return this.http.get<SuggestedSettlementPeriod>(
      `/api/communities/${communityId}/settlements/suggested-period`,
    );
  }

  /** Approves or finalises a run; finalising takes the documents' issue date (`issueDate`, default today). */
  advance(
    communityId: string,
    runId: string,
    step: SettlementStep,
    body: { readonly issueDate?: string } = {},
  ): Observable<SettlementRun> {
    return this.http.post<SettlementRun>(
      `/api/communities/${communityId}/settlements/${runId}/${step}`,
      body,
    );
  }

  /** Each document of a final run and its delivery by e-mail. */
  deliveries(communityId: string, runId: string): Observable<readonly DocumentDeliveryResponse[]> {
    return this.http.get<readonly DocumentDeliveryResponse[]>(
      `/api/communities/${communityId}/settlements/${runId}/deliveries`,
    );
  }

  /** Mails again every document of the run that was not delivered. */
  resendRun(communityId: string, runId: string): Observable<readonly DocumentDeliveryResponse[]> {
    return this.http.post<readonly DocumentDeliveryResponse[]>(
      `/api/communities/${communityId}/settlements/${runId}/deliveries/resend`,
      {},
    );
  }

  /** Mails one document again to its member's current address. */
  resendDocument(communityId: string, documentId: string): Observable<DocumentDeliveryResponse> {
    return this.http.post<DocumentDeliveryResponse>(
      `/api/communities/${communityId}/documents/${documentId}/delivery/resend`,
      {},
    );
  }
}
