import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
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
}
