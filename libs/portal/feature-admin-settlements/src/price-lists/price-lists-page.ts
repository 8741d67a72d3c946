import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { PriceListsApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import {
  I18n,
  LocalDatePipe,
  LocalDecimalPipe,
  LocalPercentPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';

/** The API's rule for prices: Kč per kWh, up to 5 decimals, decimal comma or point. */
const PRICE = /^\d{1,6}([.,]\d{1,5})?$/;

/** Flat community prices per shared kWh (bands and per-pair rules are set through the API for now). */
@Component({
  selector: 'sd-price-lists-page',
  imports: [
    ReactiveFormsModule,
    FORM_FIELD,
    TranslatePipe,
    LocalDecimalPipe,
    LocalPercentPipe,
    ApiErrorMessage,
    LocalDatePipe,
    RESOURCE_LIST,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'prices.title' | t }}</h1>
    <p class="lead">{{ 'prices.lead' | t }}</p>
    <sd-resource-list
      [resource]="lists"
      [emptyHeading]="i18n.t('prices.emptyTitle')"
      [columns]="['source.name', 'prices.valid', 'prices.price', 'prices.vat', 'prices.margin']"
    >
      <p sdEmpty>{{ 'prices.emptyText' | t }}</p>
      <ng-template [sdListRows]="lists" let-list>
        @for (item of list; track item.id) {
          <tr>
            <th scope="row">{{ item.name }}</th>
            <td>
              {{ item.validFrom | sdDate }} –
              {{ item.validTo ? (item.validTo | sdDate) : '' }}
            </td>
            <td>{{ item.pricePerKwh | sdDecimal }} {{ 'unit.czkPerKwh' | t }}</td>
            <td>
              {{ item.sellerVatPayer ? (item.vatRatePercent / 100 | sdPercent: 2) : ('prices.noVat' | t) }}
            </td>
            <td>{{ item.marginPerKwh | sdDecimal }} {{ 'unit.czkPerKwh' | t }}</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
    <h2>{{ 'prices.add' | t }}</h2>
    <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="add()" novalidate class="grid-form">
      <sd-field for="price-name" label="source.name" optional>
        <input sdFieldControl formControlName="name" />
      </sd-field>
      <sd-field for="price-from" label="point.validFrom" error="form.required">
        <input sdFieldControl type="date" formControlName="validFrom" />
      </sd-field>
      <sd-field for="price-value" label="prices.price" unit="unit.czkPerKwh" error="prices.priceRule">
        <input sdFieldControl inputmode="decimal" formControlName="pricePerKwh" />
      </sd-field>
      <sd-field
        for="price-margin"
        label="prices.margin"
        unit="unit.czkPerKwh"
        optional
        error="prices.priceRule"
      >
        <input sdFieldControl inputmode="decimal" formControlName="marginPerKwh" />
      </sd-field>
      <sd-field for="price-vat" label="prices.vat" unit="%">
        <input sdFieldControl type="number" min="0" max="100" step="0.01" formControlName="vatRatePercent" />
      </sd-field>
      <div class="field">
        <label class="choice"
          ><input type="checkbox" formControlName="sellerVatPayer" /> {{ 'prices.vatPayer' | t }}</label
        >
      </div>
      <div class="field submit">
        <button type="submit" class="primary" [disabled]="call.busy()">{{ 'prices.submit' | t }}</button>
      </div>
    </form>
    <sd-api-error [error]="call.error()" />
  `,
})
export class PriceListsPage {
  private readonly api = inject(PriceListsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly lists = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [''],
    validFrom: ['', Validators.required],
    pricePerKwh: ['', [Validators.required, Validators.pattern(PRICE)]],
    marginPerKwh: ['', Validators.pattern(PRICE)],
    vatRatePercent: [21],
    sellerVatPayer: [false],
  });
  protected readonly submitted = signal(false);
  protected readonly call = new ApiCall();

  protected async add(): Promise<void> {
    this.submitted.set(true);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    const added = await this.call.run(() =>
      this.api.create(this.communityId(), {
        validFrom: value.validFrom,
        pricePerKwh: value.pricePerKwh.trim(),
        sellerVatPayer: value.sellerVatPayer,
        vatRatePercent: value.vatRatePercent,
        ...(value.name.trim() ? { name: value.name.trim() } : {}),
        ...(value.marginPerKwh.trim() ? { marginPerKwh: value.marginPerKwh.trim() } : {}),
      }),
    );
    if (added) {
      this.form.reset();
      this.submitted.set(false);
      this.lists.reload();
    }
  }
}
