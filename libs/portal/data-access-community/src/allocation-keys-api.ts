import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { KeyFile } from '@sdilna/shared/domain-allocation/keys';
import type { ClosePeriodRequest, SimulationRequest } from '@sdilna/shared/util-api-contract';

import type { AllocationKeyInput, AllocationKeyVersion, SimulationAnswer } from './community-models';
import { fetchAll } from './list-answer';

@Injectable({ providedIn: 'root' })
export class AllocationKeysApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly AllocationKeyVersion[]> {
    return fetchAll<AllocationKeyVersion>(this.http, `/api/communities/${communityId}/allocation-keys`);
  }

  /** Every key version of a group (its history), with their periods. */
  listOfGroup(communityId: string, sharingGroupId: string): Observable<readonly AllocationKeyVersion[]> {
    return fetchAll<AllocationKeyVersion>(
      this.http,
      `/api/communities/${communityId}/allocation-keys?sharingGroupId=${encodeURIComponent(sharingGroupId)}`,
    );
  }

  /** Ends a key version on `validTo` (inclusive) or moves its end. */
  close(communityId: string, keyId: string, change: ClosePeriodRequest): Observable<AllocationKeyVersion> {
    return this.http.patch<AllocationKeyVersion>(
      `/api/communities/${communityId}/allocation-keys/${keyId}`,
      change,
    );
  }

  create(communityId: string, input: AllocationKeyInput): Observable<AllocationKeyVersion> {
    return this.http.post<AllocationKeyVersion>(`/api/communities/${communityId}/allocation-keys`, input);
  }

  export(communityId: string, keyId: string): Observable<KeyFile> {
    return this.http.get<KeyFile>(`/api/communities/${communityId}/allocation-keys/${keyId}/export`);
  }

  simulate(communityId: string, request: SimulationRequest): Observable<SimulationAnswer> {
    return this.http.post<SimulationAnswer>(`/api/communities/${communityId}/simulations`, request);
  }
}
