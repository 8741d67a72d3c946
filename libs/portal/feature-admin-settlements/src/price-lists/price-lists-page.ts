import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { PriceListsApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, ListRows, ResourceList } from '@sdilna/portal/ui-kit';
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
    TranslatePipe,
    LocalDecimalPipe,
    LocalPercentPipe,
    ApiErrorMessage,
    LocalDatePipe,
    ResourceList,
    ListRows,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'prices.title' | t }}</h1>
    <p class="lead">{{ 'prices.lead' | t }}</p>
    <sd-resource-list [resource]="lists" [emptyHeading]="i18n.t('prices.emptyTitle')">
      <p sdEmpty>{{ 'prices.emptyText' | t }}</p>
      <ng-template [sdListRows]="lists" let-list>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{{ 'source.name' | t }}</th>
                <th scope="col">{{ 'prices.valid' | t }}</th>
                <th scope="col">{{ 'prices.price' | t }}</th>
                <th scope="col">{{ 'prices.vat' | t }}</th>
                <th scope="col">{{ 'prices.margin' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (item of list; track item.id) {
                <tr>
                  <th scope="row">{{ item.name }}</th>
                  <td>
                    {{ item.validFrom | sdDate }} –
                    {{ item.validTo ? (item.validTo | sdDate) : '' }}
                  </td>
                  <td>{{ item.pricePerKwh | sdDecimal }} {{ 'unit.czkPerKwh' | t }}</td>
                  <td>
                    {{
                      item.sellerVatPayer ? (item.vatRatePercent / 100 | sdPercent: 2) : ('prices.noVat' | t)
                    }}
                  </td>
                  <td>{{ item.marginPerKwh | sdDecimal }} {{ 'unit.czkPerKwh' | t }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </ng-template>
    </sd-resource-list>
    <h2>{{ 'prices.add' | t }}</h2>
    <form [formGroup]="form" (ngSubmit)="add()" novalidate class="grid-form">
      <div class="field">
        <label for="price-name">{{ 'source.name' | t }} ({{ 'form.optional' | t }})</label>
        <input id="price-name" formControlName="name" />
      </div>
      <div class="field">
        <label for="price-from">{{ 'point.validFrom' | t }}</label>
        <input
          id="price-from"
          type="date"
          formControlName="validFrom"
          [attr.aria-invalid]="invalid('validFrom')"
          aria-describedby="price-from-error"
        />
        @if (invalid('validFrom')) {
          <p class="field-error" id="price-from-error">{{ 'form.required' | t }}</p>
        }
      </div>
      <div class="field">
        <label for="price-value">{{ 'prices.price' | t }} ({{ 'unit.czkPerKwh' | t }})</label>
        <input
          id="price-value"
          inputmode="decimal"
          formControlName="pricePerKwh"
          [attr.aria-invalid]="invalid('pricePerKwh')"
          aria-describedby="price-value-error"
        />
        @if (invalid('pricePerKwh')) {
          <p class="field-error" id="price-value-error">{{ 'prices.priceRule' | t }}</p>
        }
      </div>
      <div class="field">
        <label for="price-margin"
          >{{ 'prices.margin' | t }} ({{ 'unit.czkPerKwh' | t }}, {{ 'form.optional' | t }})</label
        >
        <input
          id="price-margin"
          inputmode="decimal"
          formControlName="marginPerKwh"
          [attr.aria-invalid]="invalid('marginPerKwh')"
          aria-describedby="price-margin-error"
        />
        @if (invalid('marginPerKwh')) {
          <p class="field-error" id="price-margin-error">{{ 'prices.priceRule' | t }}</p>
        }
      </div>
      <div class="field">
        <label for="price-vat">{{ 'prices.vat' | t }} (%)</label>
        <input id="price-vat" type="number" min="0" max="100" step="0.01" formControlName="vatRatePercent" />
      </div>
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

  protected invalid(name: keyof typeof this.form.controls): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || this.submitted());
  }

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
