import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  RechargeExportFormat,
  RechargeSummaryResponse as RechargeSummary,
} from '@sdilna/shared/util-api-contract';

export type {
  RechargeDirection,
  RechargeDocumentResponse as RechargeDocument,
  RechargeExportFormat,
  RechargeSummaryResponse as RechargeSummary,
  RechargeUnitRowResponse as RechargeUnitRow,
} from '@sdilna/shared/util-api-contract';

/** Months of the summary; both absent: the API opens on the twelve months up to the newest with recharges. */
export interface RechargeRange {
  readonly from?: string;
  readonly to?: string;
}

/** The municipality's recharges summary and its exports (GET …/municipalities/:memberId/recharges). */
@Injectable({ providedIn: 'root' })
export class RechargesApi {
  private readonly http = inject(HttpClient);

  summary(communityId: string, memberId: string, range: RechargeRange): Observable<RechargeSummary> {
    return this.http.get<RechargeSummary>(this.path(communityId, memberId), { params: { ...range } });
  }

  /** The CSV or XLSX file; fetched with the token, so a plain link would not do. */
  export(
    communityId: string,
    memberId: string,
    format: RechargeExportFormat,
    range: RechargeRange,
  ): Observable<Blob> {
    return this.http.get(`${this.path(communityId, memberId)}.${format}`, {
      params: { ...range },
      responseType: 'blob',
    });
  }

  private path(communityId: string, memberId: string): string {
    return `/api/communities/${communityId}/municipalities/${memberId}/recharges`;
  }
}
