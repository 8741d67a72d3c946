import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom, type Observable } from 'rxjs';

import type { ConsentKind } from '@sdilna/shared/domain-core';

import { readableError, saveBlob } from './file-download';

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

  /**
   * Everything stored about the member, saved as `personal-data-<member id>.zip`: the member's own page and the
   * administrator's member page offer it. A refusal rejects with the API's error read out of the body (asked for
   * a file, Angular hands the JSON error over as a Blob), so the page says what went wrong, not just its status.
   */
  async downloadPersonalData(communityId: string, memberId: string): Promise<void> {
    const file = this.http.get(`/api/communities/${communityId}/members/${memberId}/personal-data`, {
      responseType: 'blob',
    });
    const blob = await firstValueFrom(file).catch(async (error: unknown) =>
      Promise.reject(await readableError(error)),
    );
    saveBlob(blob, `personal-data-${memberId}.zip`);
  }
}
