import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

export type DocumentKind =
  'invoice' | 'self-billed-invoice' | 'self-billed-credit-note' | 'internal-recharge' | 'corrective';

/** An issued document (invoice, self-billed credit note, municipal recharge); money as 2-decimal strings. */
export interface IssuedDocument {
  readonly id: string;
  readonly runId: string;
  readonly kind: DocumentKind;
  readonly number: string;
  readonly sellerName: string;
  readonly buyerName: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly net: string;
  readonly vat: string;
  readonly gross: string;
  readonly currency: string;
}

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
  file(communityId: string, documentId: string, format: 'pdf' | 'isdoc'): Observable<Blob> {
    return this.http.get(`/api/communities/${communityId}/documents/${documentId}/${format}`, {
      responseType: 'blob',
    });
  }
}
