import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { ClosePeriodRequest, PointSuccessorRequest } from '@sdilna/shared/util-api-contract';

import type {
  MeteringPoint,
  MeteringPointChange,
  MeteringPointInput,
  PointPrice,
  PointPriceInput,
} from './community-models';
import { fetchAll } from './list-answer';

@Injectable({ providedIn: 'root' })
export class MeteringPointsApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly MeteringPoint[]> {
    return fetchAll<MeteringPoint>(this.http, `/api/communities/${communityId}/metering-points`);
  }

  get(communityId: string, pointId: string): Observable<MeteringPoint> {
    return this.http.get<MeteringPoint>(this.url(communityId, pointId));
  }

  create(communityId: string, input: MeteringPointInput): Observable<MeteringPoint> {
    return this.http.post<MeteringPoint>(`/api/communities/${communityId}/metering-points`, input);
  }

  update(communityId: string, pointId: string, change: MeteringPointChange): Observable<MeteringPoint> {
    return this.http.patch<MeteringPoint>(this.url(communityId, pointId), change);
  }

  remove(communityId: string, pointId: string): Observable<unknown> {
    return this.http.delete(this.url(communityId, pointId));
  }

  prices(communityId: string, pointId: string): Observable<readonly PointPrice[]> {
    return this.http.get<readonly PointPrice[]>(`${this.url(communityId, pointId)}/prices`);
  }

  addPrice(communityId: string, pointId: string, input: PointPriceInput): Observable<PointPrice> {
    return this.http.post<PointPrice>(`${this.url(communityId, pointId)}/prices`, input);
  }

  /** Ends a price period on `validTo` (inclusive) or moves its end. */
  closePrice(
    communityId: string,
    pointId: string,
    priceId: string,
    change: ClosePeriodRequest,
  ): Observable<PointPrice> {
    return this.http.patch<PointPrice>(`${this.url(communityId, pointId)}/prices/${priceId}`, change);
  }

  /** Every period of the point's EAN (member, group, dates), oldest first. */
  history(communityId: string, pointId: string): Observable<readonly MeteringPoint[]> {
    return this.http.get<readonly MeteringPoint[]>(`${this.url(communityId, pointId)}/history`);
  }

  /** The point's next period from `validFrom` (another member and/or group); the current one ends the day before. */
  successor(communityId: string, pointId: string, input: PointSuccessorRequest): Observable<MeteringPoint> {
    return this.http.post<MeteringPoint>(`${this.url(communityId, pointId)}/successor`, input);
  }

  private url(communityId: string, pointId: string): string {
    return `/api/communities/${communityId}/metering-points/${pointId}`;
  }
}
