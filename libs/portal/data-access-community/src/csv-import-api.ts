import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { CsvImportTarget } from '@sdilna/shared/util-api-contract';

import type { CsvImportReport } from './community-models';

export type { CsvImportTarget } from '@sdilna/shared/util-api-contract';

/** CSV imports of the registry: every row or none; a refused file answers 422 with `details.rows`. */
@Injectable({ providedIn: 'root' })
export class CsvImportApi {
  private readonly http = inject(HttpClient);

  import(communityId: string, target: CsvImportTarget, file: File): Observable<CsvImportReport> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<CsvImportReport>(`/api/communities/${communityId}/${target}/import`, body);
  }
}
