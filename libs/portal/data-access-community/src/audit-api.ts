import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { AuditPageResponse, AuditQuery, DashboardResponse } from '@sdilna/shared/util-api-contract';

export { AUDIT_ACTIONS, AUDIT_ENTITIES, DASHBOARD_WARNING_CODES } from '@sdilna/shared/util-api-contract';
export type {
  AuditAction,
  AuditEntity,
  AuditEntryResponse as AuditEntry,
  AuditPageResponse as AuditPage,
  AuditQuery,
  DashboardResponse as Dashboard,
  DashboardWarning,
  DashboardWarningCode,
} from '@sdilna/shared/util-api-contract';

/** The audit log and the dashboard's warnings of a community (administrators only). */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  /** One page of changes, newest first; empty filters are left out. */
  log(communityId: string, query: AuditQuery): Observable<AuditPageResponse> {
    let params = new HttpParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined && value !== '') params = params.set(name, String(value));
    return this.http.get<AuditPageResponse>(`/api/communities/${communityId}/audit-log`, { params });
  }

  dashboard(communityId: string): Observable<DashboardResponse> {
    return this.http.get<DashboardResponse>(`/api/communities/${communityId}/dashboard`);
  }
}
