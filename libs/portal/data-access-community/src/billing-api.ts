import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

export interface BillingStatus {
  /** false when the server has no Stripe key: billing is off and everything else works */
  readonly enabled: boolean;
  readonly subscriptionStatus?: string;
  readonly meteringPoints?: number;
  readonly currentPeriodEnd?: string;
}

@Injectable({ providedIn: 'root' })
export class BillingApi {
  private readonly http = inject(HttpClient);

  status(communityId: string): Observable<BillingStatus> {
    return this.http.get<BillingStatus>(`/api/communities/${communityId}/billing`);
  }

  /** Stripe Checkout or the customer portal; the answer is where to send the browser. */
  redirect(communityId: string, target: 'checkout' | 'portal'): Observable<{ url: string }> {
    return this.http.post<{ url: string }>(`/api/communities/${communityId}/billing/${target}`, {});
  }
}
