import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { MemberVatStatus } from '@sdilna/shared/util-api-contract';

import type { Member, MemberChange, MemberInput } from './community-models';
import { fetchAll } from './list-answer';

@Injectable({ providedIn: 'root' })
export class MembersApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly Member[]> {
    return fetchAll<Member>(this.http, `/api/communities/${communityId}/members`);
  }

  get(communityId: string, memberId: string): Observable<Member> {
    return this.http.get<Member>(`/api/communities/${communityId}/members/${memberId}`);
  }

  create(communityId: string, input: MemberInput): Observable<Member> {
    return this.http.post<Member>(`/api/communities/${communityId}/members`, input);
  }

  /** `null` in a field clears it (the API refuses it for a field a member must have). */
  update(communityId: string, memberId: string, input: MemberChange): Observable<Member> {
    return this.http.patch<Member>(`/api/communities/${communityId}/members/${memberId}`, input);
  }

  /** Replaces the member's dated VAT statuses (the whole history). */
  replaceVatStatuses(
    communityId: string,
    memberId: string,
    vatStatuses: readonly MemberVatStatus[],
  ): Observable<Member> {
    return this.http.put<Member>(`/api/communities/${communityId}/members/${memberId}/vat-statuses`, {
      vatStatuses,
    });
  }

  remove(communityId: string, memberId: string): Observable<unknown> {
    return this.http.delete(`/api/communities/${communityId}/members/${memberId}`);
  }
}
