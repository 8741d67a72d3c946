import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class ExportsApi {
  private readonly http = inject(HttpClient);

  /** Every line of every document of a final run as CSV for Czech accounting tools; fetched with the token. */
  settlementCsv(communityId: string, runId: string): Observable<Blob> {
    return this.http.get(`/api/communities/${communityId}/settlements/${runId}/export.csv`, {
      responseType: 'blob',
    });
  }
}
