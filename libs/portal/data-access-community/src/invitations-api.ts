import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { Invitation, InvitationInput } from './community-models';
import { fetchAll } from './list-answer';

@Injectable({ providedIn: 'root' })
export class InvitationsApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly Invitation[]> {
    return fetchAll<Invitation>(this.http, `/api/communities/${communityId}/invitations`);
  }

  create(communityId: string, input: InvitationInput): Observable<Invitation> {
    return this.http.post<Invitation>(`/api/communities/${communityId}/invitations`, input);
  }

  revoke(communityId: string, invitationId: string): Observable<unknown> {
    return this.http.delete(`/api/communities/${communityId}/invitations/${invitationId}`);
  }
}
