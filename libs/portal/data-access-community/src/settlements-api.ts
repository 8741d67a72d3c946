import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

/** A monthly settlement run (without lines); money as 2-decimal strings. */
export interface SettlementRun {
  readonly id: string;
  readonly period: string;
  readonly status: 'draft' | 'approved' | 'final';
  readonly computeStatus: 'queued' | 'running' | 'done' | 'failed';
  readonly totals: {
    readonly sharedKwh: number;
    readonly consumersPay: string;
    readonly producersReceive: string;
    readonly communityMargin: string;
    readonly currency: string;
  };
  readonly warnings: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
  readonly createdAt: string;
  /** only on GET of one run; a member sees its own record */
  readonly members?: readonly {
    readonly memberId: string;
    readonly name: string;
    /** Σ shared × (supplier price − internal price), net Kč as a decimal string */
    readonly consumerSaving?: string;
    readonly producerGain?: string;
  }[];
}

@Injectable({ providedIn: 'root' })
export class SettlementsApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly SettlementRun[]> {
    return this.http.get<readonly SettlementRun[]>(`/api/communities/${communityId}/settlements`);
  }

  get(communityId: string, runId: string): Observable<SettlementRun> {
    return this.http.get<SettlementRun>(`/api/communities/${communityId}/settlements/${runId}`);
  }

  /** A draft run of `YYYY-MM`; its lines are computed by a job (computeStatus). */
  request(communityId: string, period: string): Observable<SettlementRun> {
    return this.http.post<SettlementRun>(`/api/communities/${communityId}/settlements`, { period });
  }

  advance(communityId: string, runId: string, step: 'approve' | 'finalize'): Observable<SettlementRun> {
    return this.http.post<SettlementRun>(`/api/communities/${communityId}/settlements/${runId}/${step}`, {});
  }
}
