import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

export type EdcConnectorState =
  'unavailable' | 'not-configured' | 'waiting' | 'running' | 'ok' | 'retrying' | 'failing';

export interface EdcConnectorStatus {
  readonly state: EdcConnectorState;
  readonly credentials: {
    readonly username: string;
    readonly since: string;
    readonly consentAt: string;
  } | null;
  readonly nightlyAt: string | null;
  readonly nextRunAt: string | null;
  readonly lastRunAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly consecutiveFailures: number;
  readonly progress: {
    readonly kind: 'nightly' | 'backfill';
    readonly from: string;
    readonly to: string;
    readonly done: number;
    readonly total: number;
    readonly current: string | null;
  } | null;
  readonly finalMonths: readonly string[];
  readonly mappedGroups: number;
}

export interface EdcGroup {
  readonly edcGroupId: string;
  readonly name: string;
  readonly sharingGroupId: string | null;
}

export interface ConnectorSharingGroup {
  readonly id: string;
  readonly name: string;
  readonly edcGroupId: string | null;
}

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

  saveCredentials(
    communityId: string,
    credentials: { username: string; password: string; consent: boolean },
  ): Observable<EdcConnectorStatus> {
    return this.http.put<EdcConnectorStatus>(`${this.base(communityId)}/credentials`, credentials);
  }

  removeCredentials(communityId: string): Observable<void> {
    return this.http.delete<void>(`${this.base(communityId)}/credentials`);
  }

  groups(communityId: string): Observable<readonly EdcGroup[]> {
    return this.http.get<readonly EdcGroup[]>(`${this.base(communityId)}/groups`);
  }

  saveMapping(
    communityId: string,
    groups: ReadonlyArray<{ edcGroupId: string; sharingGroupId: string }>,
  ): Observable<unknown> {
    return this.http.put(`${this.base(communityId)}/mapping`, { groups });
  }

  fetch(communityId: string, from: string, to: string): Observable<{ requestId: string; chunks: number }> {
    return this.http.post<{ requestId: string; chunks: number }>(`${this.base(communityId)}/fetch`, {
      from,
      to,
    });
  }

  sharingGroups(communityId: string): Observable<readonly ConnectorSharingGroup[]> {
    return this.http.get<readonly ConnectorSharingGroup[]>(`/api/communities/${communityId}/sharing-groups`);
  }
}
