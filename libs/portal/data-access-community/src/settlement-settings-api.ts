import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

/** How a community settles: it invoices consumers and self-bills producers, or producers invoice directly. */
export type SettlementMode = 'community-clearing' | 'direct';

/** PUT …/settlement-settings (the whole settings; an omitted optional field is cleared). */
export interface SettlementSettingsInput {
  readonly mode: SettlementMode;
  /** without spaces; derived by the API from `czechAccount` when omitted */
  readonly iban?: string;
  /** `19-2000145399/0800` */
  readonly czechAccount?: string;
  readonly bic?: string;
  /** days from issue to due date, 0–120 (14 when omitted) */
  readonly dueDays?: number;
  /** the community's DIČ, `CZ` and 8–10 digits */
  readonly dic?: string;
  readonly email?: string;
  /** the community's VAT status from each day on: its whole history */
  readonly vatStatuses?: readonly VatStatusRow[];
  /** DUZP of a run's documents: the last day of the settled month, or their issue date */
  readonly taxPoint?: TaxPointRule;
}

export type VatStatus = 'payer' | 'identified-person' | 'non-payer';
export type TaxPointRule = 'period-end' | 'issue-date';

export interface VatStatusRow {
  readonly validFrom: string;
  readonly status: VatStatus;
  /** a member's row: the DIČ of a payer or an identified person */
  readonly dic?: string;
}

/** GET …/settlement-settings: the saved settings (`saved` false while the defaults apply). */
export interface SettlementSettings extends SettlementSettingsInput {
  readonly saved: boolean;
  /** the community's status today */
  readonly vatStatus: VatStatus;
  readonly vatStatuses: readonly VatStatusRow[];
  readonly taxPoint: TaxPointRule;
}

@Injectable({ providedIn: 'root' })
export class SettlementSettingsApi {
  private readonly http = inject(HttpClient);

  get(communityId: string): Observable<SettlementSettings> {
    return this.http.get<SettlementSettings>(`/api/communities/${communityId}/settlement-settings`);
  }

  save(communityId: string, input: SettlementSettingsInput): Observable<SettlementSettings> {
    return this.http.put<SettlementSettings>(`/api/communities/${communityId}/settlement-settings`, input);
  }
}
