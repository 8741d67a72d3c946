import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable } from 'rxjs';

import type { Community } from './community-models';
import { itemsOf, type ListAnswer } from './list-answer';

@Injectable({ providedIn: 'root' })
export class CommunitiesApi {
  private readonly http = inject(HttpClient);

  mine(): Observable<readonly Community[]> {
    return this.http.get<ListAnswer<Community>>('/api/communities').pipe(map(itemsOf));
  }

  get(communityId: string): Observable<Community> {
    return this.http.get<Community>(`/api/communities/${communityId}`);
  }

  /**
   * The community's own details (administrators): its IČO and seat go on every document it issues or receives;
   * a renewable community's territory (ORPs) decides who may vote.
   */
  update(
    communityId: string,
    input: { readonly ico?: string; readonly address?: string; readonly territoryOrp?: readonly string[] },
  ): Observable<Community> {
    return this.http.patch<Community>(`/api/communities/${communityId}`, input);
  }
}
