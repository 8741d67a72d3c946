import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  CardPaymentsResponse,
  BillingRedirect,
  BillingRedirectResponse,
  BillingStatusResponse as BillingStatus,
} from '@sdilna/shared/util-api-contract';

export type { BillingStatusResponse as BillingStatus } from '@sdilna/shared/util-api-contract';

@Injectable({ providedIn: 'root' })
export class BillingApi {
  private readonly http = inject(HttpClient);

  status(communityId: string): Observable<BillingStatus> {
    return this.http.get<BillingStatus>(`/api/communities/${communityId}/billing`);
  }

  /** Stripe Checkout or the customer portal; the answer is where to send the browser. */
  redirect(communityId: string, target: BillingRedirect): Observable<BillingRedirectResponse> {
    return this.http.post<BillingRedirectResponse>(`/api/communities/${communityId}/billing/${target}`, {});
  }

  /** Whether documents can be paid by card (the community's connected Stripe account is active). */
  cardPayments(communityId: string): Observable<CardPaymentsResponse> {
    return this.http.get<CardPaymentsResponse>(`/api/communities/${communityId}/card-payments`);
  }

  /** Stripe Checkout for one document; the answer is where to send the browser. */
  payDocument(communityId: string, documentId: string): Observable<BillingRedirectResponse> {
    return this.http.post<BillingRedirectResponse>(
      `/api/communities/${communityId}/documents/${documentId}/pay`,
      {},
    );
  }
}
