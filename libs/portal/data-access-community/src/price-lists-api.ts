import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  ClosePeriodRequest,
  PriceListRequest as PriceListInput,
  PriceListResponse as PriceList,
} from '@sdilna/shared/util-api-contract';

export type {
  PriceListRequest as PriceListInput,
  PriceListResponse as PriceList,
} from '@sdilna/shared/util-api-contract';

@Injectable({ providedIn: 'root' })
export class PriceListsApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly PriceList[]> {
    return this.http.get<readonly PriceList[]>(`/api/communities/${communityId}/price-lists`);
  }

  create(communityId: string, input: PriceListInput): Observable<PriceList> {
    return this.http.post<PriceList>(`/api/communities/${communityId}/price-lists`, input);
  }

  /** Ends the list on `validTo` (inclusive) or moves its end; the next list may start the day after. */
  close(communityId: string, listId: string, change: ClosePeriodRequest): Observable<PriceList> {
    return this.http.patch<PriceList>(`/api/communities/${communityId}/price-lists/${listId}`, change);
  }
}
