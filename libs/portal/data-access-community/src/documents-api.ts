import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  DocumentFormat,
  DocumentKind,
  IssuedDocumentResponse as IssuedDocument,
} from '@sdilna/shared/util-api-contract';

export type {
  DocumentFormat,
  DocumentKind,
  IssuedDocumentResponse as IssuedDocument,
} from '@sdilna/shared/util-api-contract';

@Injectable({ providedIn: 'root' })
export class DocumentsApi {
  private readonly http = inject(HttpClient);

  /** Admins get every document; members their own; accountants the municipality's (the API decides). */
  list(communityId: string, kind?: DocumentKind): Observable<readonly IssuedDocument[]> {
    return this.http.get<readonly IssuedDocument[]>(`/api/communities/${communityId}/documents`, {
      params: kind ? { kind } : {},
    });
  }

  /** The PDF or ISDOC file; fetched with the token, so a plain link would not do. */
  file(communityId: string, documentId: string, format: DocumentFormat): Observable<Blob> {
    return this.http.get(`/api/communities/${communityId}/documents/${documentId}/${format}`, {
      responseType: 'blob',
    });
  }
}
