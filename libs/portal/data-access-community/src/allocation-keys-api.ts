import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { KeyFile } from '@sdilna/shared/domain-allocation/keys';
import type { SimulationRequest } from '@sdilna/shared/util-api-contract';

import type { AllocationKeyInput, AllocationKeyVersion, SimulationAnswer } from './community-models';
import { fetchAll } from './list-answer';

@Injectable({ providedIn: 'root' })
export class AllocationKeysApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly AllocationKeyVersion[]> {
    return fetchAll<AllocationKeyVersion>(this.http, `/api/communities/${communityId}/allocation-keys`);
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
