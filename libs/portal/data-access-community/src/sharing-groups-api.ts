import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { ClosePeriodRequest, SharingGroupIterationRequest } from '@sdilna/shared/util-api-contract';

/** POST and PATCH …/sharing-groups: the group's name and the number EDC assigned to it (digits). */
export interface SharingGroupRequest {
  readonly name: string;
  readonly edcGroupId?: string;
}

import type { SharingGroup, SharingGroupIteration } from './community-models';

@Injectable({ providedIn: 'root' })
export class SharingGroupsApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly SharingGroup[]> {
    return this.http.get<readonly SharingGroup[]>(`/api/communities/${communityId}/sharing-groups`);
  }

  create(communityId: string, input: SharingGroupRequest): Observable<SharingGroup> {
    return this.http.post<SharingGroup>(`/api/communities/${communityId}/sharing-groups`, input);
  }

  /** Renames the group or records the number EDC assigned to it. */
  update(
    communityId: string,
    groupId: string,
    input: Partial<SharingGroupRequest>,
  ): Observable<SharingGroup> {
    return this.http.patch<SharingGroup>(`/api/communities/${communityId}/sharing-groups/${groupId}`, input);
  }

  /** Whether the group asked EDC for iteration: today's value and every period. */
  iteration(communityId: string, groupId: string): Observable<SharingGroupIteration> {
    return this.http.get<SharingGroupIteration>(
      `/api/communities/${communityId}/sharing-groups/${groupId}/iteration`,
    );
  }

  /** Records from `validFrom` on whether the group asked EDC for iteration. */
  setIteration(
    communityId: string,
    groupId: string,
    input: SharingGroupIterationRequest,
  ): Observable<SharingGroupIteration> {
    return this.http.put<SharingGroupIteration>(
      `/api/communities/${communityId}/sharing-groups/${groupId}/iteration`,
      input,
    );
  }

  /** Ends the iteration period starting on `validFrom` on `validTo` (inclusive) or moves its end. */
  closeIteration(
    communityId: string,
    groupId: string,
    validFrom: string,
    change: ClosePeriodRequest,
  ): Observable<SharingGroupIteration> {
    return this.http.patch<SharingGroupIteration>(
      `/api/communities/${communityId}/sharing-groups/${groupId}/iteration/${validFrom}`,
      change,
    );
  }
}
