import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  EdcConnectorStatusResponse as EdcConnectorStatus,
  EdcCredentialsRequest,
  EdcFetchResponse,
  EdcGroupResponse as EdcGroup,
  EdcMappingRequest,
  SharingGroupResponse,
} from '@sdilna/shared/util-api-contract';

export type {
  EdcConnectorState,
  EdcConnectorStatusResponse as EdcConnectorStatus,
  EdcGroupResponse as EdcGroup,
} from '@sdilna/shared/util-api-contract';

/** The sharing groups as the connector page lists them (GET .../sharing-groups). */
export type ConnectorSharingGroup = Pick<SharingGroupResponse, 'id' | 'name' | 'edcGroupId'>;

/** The EDC portal connector of a community (administrators only). */
@Injectable({ providedIn: 'root' })
export class EdcConnectorApi {
  private readonly http = inject(HttpClient);

  private base(communityId: string): string {
    return `/api/communities/${communityId}/edc-connector`;
  }

  status(communityId: string): Observable<EdcConnectorStatus> {
    return this.http.get<EdcConnectorStatus>(this.base(communityId));
  }

  saveCredentials(communityId: string, credentials: EdcCredentialsRequest): Observable<EdcConnectorStatus> {
    return this.http.put<EdcConnectorStatus>(`${this.base(communityId)}/credentials`, credentials);
  }

  removeCredentials(communityId: string): Observable<void> {
    return this.http.delete<void>(`${this.base(communityId)}/credentials`);
  }

  groups(communityId: string): Observable<readonly EdcGroup[]> {
    return this.http.get<readonly EdcGroup[]>(`${this.base(communityId)}/groups`);
  }

  saveMapping(communityId: string, groups: EdcMappingRequest['groups']): Observable<unknown> {
    const body: EdcMappingRequest = { groups };
    return this.http.put(`${this.base(communityId)}/mapping`, body);
  }

  fetch(communityId: string, from: string, to: string): Observable<EdcFetchResponse> {
    return this.http.post<EdcFetchResponse>(`${this.base(communityId)}/fetch`, {
      from,
      to,
    });
  }

  sharingGroups(communityId: string): Observable<readonly ConnectorSharingGroup[]> {
    return this.http.get<readonly ConnectorSharingGroup[]>(`/api/communities/${communityId}/sharing-groups`);
  }
}
