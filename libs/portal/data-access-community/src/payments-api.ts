import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  BankEntryResponse,
  BankStatementResponse,
  DocumentPaymentResponse,
  ManualPaymentRequest,
  PaymentOverviewResponse,
  PaymentSettingsResponse,
  PaymentSide,
  PaymentStatusWord,
  PayoutCandidateResponse,
  PayoutExportResponse,
  PayoutRequest,
  StatementUploadResponse,
} from '@sdilna/shared/util-api-contract';

export type {
  BankEntryResponse as BankEntry,
  BankStatementResponse as BankStatement,
  DocumentPaymentRow,
  PaymentOverviewResponse as PaymentOverview,
  PaymentSide,
  PaymentStatusWord as PaymentStatus,
  PayoutCandidateResponse as PayoutCandidate,
  PayoutExportResponse as PayoutExport,
  PayoutFormat,
  StatementUploadResponse as StatementUpload,
} from '@sdilna/shared/util-api-contract';
export { PAYMENT_STATUSES } from '@sdilna/shared/util-api-contract';

/** Bank statements, the payment overview, reminder steps and payouts of one community (administrators). */
@Injectable({ providedIn: 'root' })
export class PaymentsApi {
  private readonly http = inject(HttpClient);

  overview(
    communityId: string,
    filter: { status?: PaymentStatusWord; side?: PaymentSide } = {},
  ): Observable<PaymentOverviewResponse> {
    return this.http.get<PaymentOverviewResponse>(`/api/communities/${communityId}/payments`, {
      params: { ...filter },
    });
  }

  settings(communityId: string): Observable<PaymentSettingsResponse> {
    return this.http.get<PaymentSettingsResponse>(`/api/communities/${communityId}/payments/settings`);
  }

  saveSettings(communityId: string, reminderDays: readonly number[]): Observable<PaymentSettingsResponse> {
    return this.http.put<PaymentSettingsResponse>(`/api/communities/${communityId}/payments/settings`, {
      reminderDays,
    });
  }

  /** A payment recorded by hand (cash, a transfer without a statement); audited. */
  recordPayment(
    communityId: string,
    documentId: string,
    payment: ManualPaymentRequest,
  ): Observable<DocumentPaymentResponse> {
    return this.http.post<DocumentPaymentResponse>(
      `/api/communities/${communityId}/documents/${documentId}/payments`,
      payment,
    );
  }

  statements(communityId: string): Observable<readonly BankStatementResponse[]> {
    return this.http.get<readonly BankStatementResponse[]>(`/api/communities/${communityId}/bank-statements`);
  }

  upload(communityId: string, file: File): Observable<StatementUploadResponse> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<StatementUploadResponse>(`/api/communities/${communityId}/bank-statements`, body);
  }

  unmatched(communityId: string): Observable<readonly BankEntryResponse[]> {
    return this.http.get<readonly BankEntryResponse[]>(`/api/communities/${communityId}/bank-entries`, {
      params: { unmatched: 'true' },
    });
  }

  assign(communityId: string, entryId: string, documentId: string): Observable<BankEntryResponse> {
    return this.http.post<BankEntryResponse>(
      `/api/communities/${communityId}/bank-entries/${entryId}/assignment`,
      { documentId },
    );
  }

  candidates(communityId: string): Observable<readonly PayoutCandidateResponse[]> {
    return this.http.get<readonly PayoutCandidateResponse[]>(
      `/api/communities/${communityId}/payouts/candidates`,
    );
  }

  saveAccount(communityId: string, memberId: string, account: string): Observable<unknown> {
    return this.http.put(`/api/communities/${communityId}/payouts/accounts/${memberId}`, { account });
  }

  payouts(communityId: string): Observable<readonly PayoutExportResponse[]> {
    return this.http.get<readonly PayoutExportResponse[]>(`/api/communities/${communityId}/payouts`);
  }

  createPayout(communityId: string, request: PayoutRequest): Observable<PayoutExportResponse> {
    return this.http.post<PayoutExportResponse>(`/api/communities/${communityId}/payouts`, request);
  }

  payoutFile(communityId: string, payoutId: string): Observable<Blob> {
    return this.http.get(`/api/communities/${communityId}/payouts/${payoutId}/file`, {
      responseType: 'blob',
    });
  }
}
