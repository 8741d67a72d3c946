import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  AccountingExportFormat,
  AccountingExportSettingsRequest,
  AccountingExportSettingsResponse,
} from '@sdilna/shared/util-api-contract';

export type { AccountingExportFormat } from '@sdilna/shared/util-api-contract';
export type AccountingExportSettings = AccountingExportSettingsResponse;

/** The file name the API gives an accounting export (the portal saves it under the same name). */
export function accountingExportFileName(name: string, format: AccountingExportFormat): string {
  return format === 'pohoda' ? `${name}-pohoda.xml` : `${name}-isdoc.zip`;
}

@Injectable({ providedIn: 'root' })
export class ExportsApi {
  private readonly http = inject(HttpClient);

  /** Every line of every document of a final run as CSV for Czech accounting tools; fetched with the token. */
  settlementCsv(communityId: string, runId: string): Observable<Blob> {
    return this.http.get(`/api/communities/${communityId}/settlements/${runId}/export.csv`, {
      responseType: 'blob',
    });
  }

  /** The documents of a final run as a ZIP of ISDOCX files or a Pohoda XML data pack. */
  runExport(communityId: string, runId: string, format: AccountingExportFormat): Observable<Blob> {
    return this.http.get(`/api/communities/${communityId}/settlements/${runId}/accounting-export`, {
      params: { format },
      responseType: 'blob',
    });
  }

  /** The documents issued from `from` to `to` (inclusive) as a ZIP of ISDOCX files or a Pohoda XML data pack. */
  rangeExport(
    communityId: string,
    from: string,
    to: string,
    format: AccountingExportFormat,
  ): Observable<Blob> {
    return this.http.get(`/api/communities/${communityId}/accounting-export`, {
      params: { format, from, to },
      responseType: 'blob',
    });
  }

  settings(communityId: string): Observable<AccountingExportSettings> {
    return this.http.get<AccountingExportSettings>(
      `/api/communities/${communityId}/accounting-export-settings`,
    );
  }

  saveSettings(
    communityId: string,
    input: AccountingExportSettingsRequest,
  ): Observable<AccountingExportSettings> {
    return this.http.put<AccountingExportSettings>(
      `/api/communities/${communityId}/accounting-export-settings`,
      input,
    );
  }
}
