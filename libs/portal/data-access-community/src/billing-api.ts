import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
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
}
