import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { ConsentKind } from '@sdilna/shared/domain-core';

export { CONSENT_KINDS } from '@sdilna/shared/domain-core';
export type { ConsentKind } from '@sdilna/shared/domain-core';

export interface MemberConsent {
  readonly kind: ConsentKind;
  readonly granted: boolean;
  readonly version: string;
  readonly givenAt: string;
  readonly source: string;
}

export interface MemberConsents {
  readonly current: readonly MemberConsent[];
  readonly history: readonly MemberConsent[];
  readonly termsVersions: Readonly<Record<ConsentKind, string>>;
}

export interface MemberErasure {
  readonly memberId: string;
  readonly erasedAt: string;
  readonly documentsKept: number;
  readonly retainedUntil: string | null;
  readonly loginsErased: number;
}

/** A member's consents and the download of everything stored about them (the member or an administrator). */
@Injectable({ providedIn: 'root' })
export class PrivacyApi {
  private readonly http = inject(HttpClient);

  consents(communityId: string, memberId: string): Observable<MemberConsents> {
    return this.http.get<MemberConsents>(`/api/communities/${communityId}/members/${memberId}/consents`);
  }

  record(
    communityId: string,
    memberId: string,
    kind: ConsentKind,
    granted: boolean,
  ): Observable<MemberConsents> {
    return this.http.post<MemberConsents>(`/api/communities/${communityId}/members/${memberId}/consents`, {
      kind,
      granted,
    });
  }

  /** A departed member's personal data erased; issued documents stay as the law keeps them (admin only). */
  erase(communityId: string, memberId: string): Observable<MemberErasure> {
    return this.http.post<MemberErasure>(`/api/communities/${communityId}/members/${memberId}/erasure`, {});
  }

  personalData(communityId: string, memberId: string): Observable<Blob> {
    return this.http.get(`/api/communities/${communityId}/members/${memberId}/personal-data`, {
      responseType: 'blob',
    });
  }
}
