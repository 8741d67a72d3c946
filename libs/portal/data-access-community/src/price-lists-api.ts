import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

export interface PriceList {
  readonly id: string;
  readonly name: string;
  readonly validFrom: string;
  readonly validTo?: string;
  /** net Kč per shared kWh, as a decimal string */
  readonly pricePerKwh: string;
  readonly vatRatePercent: number;
  readonly sellerVatPayer: boolean;
  readonly marginPerKwh: string;
  readonly currency: string;
}

export interface PriceListInput {
  readonly name?: string;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly pricePerKwh: string;
  readonly vatRatePercent?: number;
  readonly sellerVatPayer: boolean;
  readonly marginPerKwh?: string;
}

@Injectable({ providedIn: 'root' })
export class PriceListsApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<readonly PriceList[]> {
    return this.http.get<readonly PriceList[]>(`/api/communities/${communityId}/price-lists`);
  }

  create(communityId: string, input: PriceListInput): Observable<PriceList> {
    return this.http.post<PriceList>(`/api/communities/${communityId}/price-lists`, input);
  }
}
