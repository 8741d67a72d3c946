import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { PriceListsApi } from '@sdilna/portal/data-access-community';
import {
  ApiCall,
  FORM_FIELD,
  PeriodErrorMessage,
  PeriodPipe,
  periodState,
  pragueToday,
  RESOURCE_LIST,
} from '@sdilna/portal/ui-kit';
import {
  I18n,
  LocalDatePipe,
  LocalDecimalPipe,
  LocalPercentPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';

/** The API's rule for prices: Kč per kWh, up to 5 decimals, decimal comma or point. */
const PRICE = /^\d{1,6}([.,]\d{1,5})?$/;

/** The day after `day` (`YYYY-MM-DD`, calendar arithmetic in UTC: no time zone can move it). */
export function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * Flat community prices per shared kWh (bands and per-pair rules are set through the API for now). The list is
 * the history: a list is ended on its last day and the next one added from the day after (issue 17).
 */
@Component({
  selector: 'sd-price-lists-page',
  imports: [
    ReactiveFormsModule,
    FORM_FIELD,
    TranslatePipe,
    PeriodPipe,
    LocalDecimalPipe,
    LocalPercentPipe,
    PeriodErrorMessage,
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
      caption="prices.history"
      tableTestId="price-lists"
    >
      <p sdEmpty>{{ 'prices.emptyText' | t }}</p>
      <ng-template [sdListRows]="lists" let-list>
        @for (item of list; track item.id) {
          <tr>
            <th scope="row">{{ item.name }}</th>
            <td>
              {{ item | sdPeriod }}
              <span class="period-state" [attr.data-state]="state(item)"
                >({{ 'periods.state.' + state(item) | t }})</span
              >
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
    @if (endable().length > 0) {
      <h2>{{ 'prices.end' | t }}</h2>
      <p>{{ 'prices.endLead' | t }}</p>
      <form
        [formGroup]="endForm"
        [sdSubmitted]="endSubmitted()"
        (ngSubmit)="end(false)"
        novalidate
        class="grid-form"
        data-testid="end-price-list"
      >
        <sd-field for="end-list" label="periods.which" error="form.required">
          <select sdFieldControl formControlName="listId">
            @for (item of endable(); track item.id) {
              <option [value]="item.id">{{ item.name }} ({{ item.validFrom | sdDate }} –)</option>
            }
          </select>
        </sd-field>
        <sd-field for="end-to" label="periods.lastDay" hint="periods.lastDayHint" error="form.required">
          <input sdFieldControl type="date" formControlName="validTo" />
        </sd-field>
        <div class="field submit">
          <button type="submit" [disabled]="endCall.busy()">{{ 'prices.endSubmit' | t }}</button>
        </div>
      </form>
      <sd-period-error
        dialogId="end-list-error"
        [error]="endCall.error()"
        [busy]="endCall.busy()"
        (correct)="end(true)"
      />
    }
    @if (ended(); as day) {
      <p class="ok" role="status" data-testid="price-list-ended">
        {{ 'periods.ended' | t: { date: (day | sdDate) } }}
      </p>
    }
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
    <sd-period-error
      dialogId="add-list-error"
      [error]="call.error()"
      [busy]="call.busy()"
      (correct)="add(true)"
    />
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

  private readonly today = pragueToday();
  /** Lists that may still be ended or have their end moved: all but those long over. */
  protected readonly endable = computed(() =>
    (this.lists.hasValue() ? this.lists.value() : []).filter(
      (item) => periodState(item, this.today) !== 'ended',
    ),
  );
  protected readonly endForm = inject(NonNullableFormBuilder).group({
    listId: ['', Validators.required],
    validTo: ['', Validators.required],
  });
  protected readonly endSubmitted = signal(false);
  protected readonly endCall = new ApiCall();
  protected readonly ended = signal<string | undefined>(undefined);

  constructor() {
    // The newest list is the one usually ended; a select with no value would show it without choosing it.
    effect(() => {
      const lists = this.endable();
      const chosen = this.endForm.controls.listId;
      if (lists.length > 0 && !lists.some((item) => item.id === chosen.value)) {
        chosen.setValue(lists[lists.length - 1]!.id);
      }
    });
  }

  protected state(item: { validFrom: string; validTo?: string | null }): string {
    return periodState(item, this.today);
  }

  /** Ends the chosen list; the next one's form then starts the day after. */
  protected async end(asCorrection: boolean): Promise<void> {
    this.endSubmitted.set(true);
    this.ended.set(undefined);
    if (this.endForm.invalid) return;
    const value = this.endForm.getRawValue();
    const done = await this.endCall.run(() =>
      this.api.close(this.communityId(), value.listId, {
        validTo: value.validTo,
        ...(asCorrection ? { asCorrection: true } : {}),
      }),
    );
    if (done) {
      this.ended.set(value.validTo);
      this.form.controls.validFrom.setValue(dayAfter(value.validTo));
      this.endForm.controls.validTo.reset();
      this.endSubmitted.set(false);
      this.lists.reload();
    }
  }

  protected async add(asCorrection = false): Promise<void> {
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
        ...(asCorrection ? { asCorrection: true } : {}),
      }),
    );
    if (added) {
      this.form.reset();
      this.submitted.set(false);
      this.lists.reload();
    }
  }
}
