import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { MeteringPoint, MeteringPointInput } from './community-models';
import { fetchAll } from './list-answer';

@Injectable({ providedIn: 'root' })
export class MeteringPointsApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly MeteringPoint[]> {
    return fetchAll<MeteringPoint>(this.http, `/api/communities/${communityId}/metering-points`);
  }

  create(communityId: string, input: MeteringPointInput): Observable<MeteringPoint> {
    return this.http.post<MeteringPoint>(`/api/communities/${communityId}/metering-points`, input);
  }
}
