import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { map } from 'rxjs';

import {
  MeteringPointsApi,
  type PriceList,
  type PriceListInput,
  PriceListsApi,
} from '@sdilna/portal/data-access-community';
import type { TimeBand } from '@sdilna/shared/util-api-contract';
import { ApiCall, ApiErrorMessage, FORM_FIELD, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, LocalDecimalPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/** The API's rule for prices: Kč per kWh, up to 5 decimals, decimal comma or point. */
const PRICE = /^\d{1,6}([.,]\d{1,5})?$/;

/** The days a band applies on, as a person picks them; the API takes ISO weekdays (1 = Monday). */
const DAYS = {
  all: undefined,
  workdays: [1, 2, 3, 4, 5],
  weekend: [6, 7],
} as const satisfies Record<string, readonly number[] | undefined>;
type Days = keyof typeof DAYS;

interface BandRow {
  readonly key: string;
  readonly list: PriceList;
  readonly band: TimeBand;
  readonly price?: string;
}

interface PairRow {
  readonly key: string;
  readonly list: PriceList;
  readonly producerEan?: string;
  readonly consumerEan?: string;
  readonly pricePerKwh: string;
}

/**
 * Price lists with time bands (e.g. a cheaper price at night) and prices for single producer–consumer pairs. A
 * price list never changes once valid, so both are set on a new list: its own page beside the flat one.
 */
@Component({
  selector: 'sd-price-list-bands',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    FORM_FIELD,
    TranslatePipe,
    ApiErrorMessage,
    LocalDatePipe,
    LocalDecimalPipe,
    RESOURCE_LIST,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <a routerLink="../price-lists">← {{ 'prices.title' | t }}</a>
    </p>
    <h1>{{ 'bands.title' | t }}</h1>
    <p class="lead">{{ 'bands.lead' | t }}</p>

    <h2>{{ 'bands.bandsTitle' | t }}</h2>
    <sd-resource-list
      [resource]="bandRows"
      [emptyHeading]="i18n.t('bands.emptyBands')"
      [columns]="['bands.list', 'bands.band', 'bands.days', 'bands.hours', 'prices.price']"
      tableTestId="bands-table"
    >
      <ng-template [sdListRows]="bandRows" let-list>
        @for (row of list; track row.key) {
          <tr>
            <th scope="row">
              {{ row.list.name }}
              <div class="hint">
                {{ row.list.validFrom | sdDate }} – {{ row.list.validTo ? (row.list.validTo | sdDate) : '' }}
              </div>
            </th>
            <td>{{ row.band.label }}</td>
            <td>{{ daysText(row.band.weekdays) }}</td>
            <td>
              @for (window of row.band.windows; track $index) {
                <div>{{ window.from }}–{{ window.to }}</div>
              }
            </td>
            <td>{{ row.price ?? row.list.pricePerKwh | sdDecimal }} {{ 'unit.czkPerKwh' | t }}</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>

    <h2>{{ 'bands.pairsTitle' | t }}</h2>
    <sd-resource-list
      [resource]="pairRows"
      [emptyHeading]="i18n.t('bands.emptyPairs')"
      [columns]="['bands.list', 'bands.producer', 'bands.consumer', 'prices.price']"
      tableTestId="pairs-table"
    >
      <ng-template [sdListRows]="pairRows" let-list>
        @for (row of list; track row.key) {
          <tr>
            <th scope="row">{{ row.list.name }}</th>
            <td>{{ pointText(row.producerEan) }}</td>
            <td>{{ pointText(row.consumerEan) }}</td>
            <td>{{ row.pricePerKwh | sdDecimal }} {{ 'unit.czkPerKwh' | t }}</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>

    <h2>{{ 'bands.add' | t }}</h2>
    <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="add()" novalidate>
      <div class="grid-form">
        <sd-field for="bands-name" label="source.name" optional>
          <input sdFieldControl formControlName="name" />
        </sd-field>
        <sd-field for="bands-from" label="point.validFrom" error="form.required">
          <input sdFieldControl type="date" formControlName="validFrom" />
        </sd-field>
        <sd-field for="bands-price" label="bands.basePrice" unit="unit.czkPerKwh" error="prices.priceRule">
          <input sdFieldControl inputmode="decimal" formControlName="pricePerKwh" />
        </sd-field>
        <sd-field for="bands-vat" label="prices.vat" unit="%">
          <input
            sdFieldControl
            type="number"
            min="0"
            max="100"
            step="0.01"
            formControlName="vatRatePercent"
          />
        </sd-field>
        <div class="field">
          <label class="choice"
            ><input type="checkbox" formControlName="sellerVatPayer" /> {{ 'prices.vatPayer' | t }}</label
          >
        </div>
      </div>

      <h3>{{ 'bands.bandsTitle' | t }}</h3>
      @for (band of form.controls.bands.controls; track band; let i = $index) {
        <fieldset class="grid-form row" [formGroup]="band" [attr.data-testid]="'band-' + i">
          <legend>{{ 'bands.bandN' | t: { n: i + 1 } }}</legend>
          <sd-field [for]="'band-label-' + i" label="bands.band" error="form.required">
            <input sdFieldControl formControlName="label" />
          </sd-field>
          <sd-field [for]="'band-days-' + i" label="bands.days">
            <select sdFieldControl formControlName="days">
              @for (days of dayChoices; track days) {
                <option [value]="days">{{ 'bands.days.' + days | t }}</option>
              }
            </select>
          </sd-field>
          <sd-field [for]="'band-start-' + i" label="common.from" error="form.required">
            <input sdFieldControl type="time" formControlName="from" />
          </sd-field>
          <sd-field [for]="'band-end-' + i" label="common.to" hint="bands.toHint" error="form.required">
            <input sdFieldControl type="time" formControlName="to" />
          </sd-field>
          <sd-field
            [for]="'band-price-' + i"
            label="prices.price"
            unit="unit.czkPerKwh"
            error="prices.priceRule"
          >
            <input sdFieldControl inputmode="decimal" formControlName="price" />
          </sd-field>
          <div class="field submit">
            <button type="button" (click)="form.controls.bands.removeAt(i)">
              {{ 'bands.remove' | t
              }}<span class="visually-hidden"> {{ 'bands.bandN' | t: { n: i + 1 } }}</span>
            </button>
          </div>
        </fieldset>
      }
      <p>
        <button type="button" (click)="addBand()" data-testid="add-band">{{ 'bands.addBand' | t }}</button>
      </p>

      <h3>{{ 'bands.pairsTitle' | t }}</h3>
      @for (pair of form.controls.pairs.controls; track pair; let i = $index) {
        <fieldset class="grid-form row" [formGroup]="pair" [attr.data-testid]="'pair-' + i">
          <legend>{{ 'bands.pairN' | t: { n: i + 1 } }}</legend>
          <sd-field [for]="'pair-producer-' + i" label="bands.producer" error="form.required">
            <select sdFieldControl formControlName="producerEan">
              <option value="">{{ 'form.choose' | t }}</option>
              @for (point of producers(); track point.id) {
                <option [value]="point.ean">
                  {{ point.ean }}{{ point.label ? ' – ' + point.label : '' }}
                </option>
              }
            </select>
          </sd-field>
          <sd-field [for]="'pair-consumer-' + i" label="bands.consumer" error="form.required">
            <select sdFieldControl formControlName="consumerEan">
              <option value="">{{ 'form.choose' | t }}</option>
              @for (point of consumers(); track point.id) {
                <option [value]="point.ean">
                  {{ point.ean }}{{ point.label ? ' – ' + point.label : '' }}
                </option>
              }
            </select>
          </sd-field>
          <sd-field
            [for]="'pair-price-' + i"
            label="prices.price"
            unit="unit.czkPerKwh"
            error="prices.priceRule"
          >
            <input sdFieldControl inputmode="decimal" formControlName="price" />
          </sd-field>
          <div class="field submit">
            <button type="button" (click)="form.controls.pairs.removeAt(i)">
              {{ 'bands.remove' | t
              }}<span class="visually-hidden"> {{ 'bands.pairN' | t: { n: i + 1 } }}</span>
            </button>
          </div>
        </fieldset>
      }
      <p>
        <button type="button" (click)="addPair()" data-testid="add-pair">{{ 'bands.addPair' | t }}</button>
      </p>

      <p>
        <button type="submit" class="primary" [disabled]="call.busy()">{{ 'prices.submit' | t }}</button>
      </p>
    </form>
    @if (added()) {
      <p class="notice" role="status" data-testid="bands-added">{{ 'bands.added' | t }}</p>
    }
    <sd-api-error [error]="call.error()" />
  `,
  styles: `
    fieldset.row {
      border: 1px solid #d0d7de;
      border-radius: 0.25rem;
      padding: 0.5rem 0.75rem;
      margin: 0 0 0.75rem;
    }
    legend {
      font-weight: 600;
    }
  `,
})
export class PriceListBandsPage {
  private readonly api = inject(PriceListsApi);
  private readonly pointsApi = inject(MeteringPointsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly dayChoices = Object.keys(DAYS) as Days[];

  protected readonly bandRows = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) =>
      this.api.list(params).pipe(
        map((lists) =>
          lists.flatMap((list): BandRow[] =>
            (list.bands ?? []).map((band) => ({
              key: `${list.id}/${band.id}`,
              list,
              band,
              ...(list.bandPrices?.[band.id] ? { price: list.bandPrices[band.id] } : {}),
            })),
          ),
        ),
      ),
  });
  protected readonly pairRows = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) =>
      this.api.list(params).pipe(
        map((lists) =>
          lists.flatMap((list): PairRow[] =>
            (list.rules ?? []).map((rule, index) => ({
              key: `${list.id}/${index}`,
              list,
              pricePerKwh: rule.pricePerKwh,
              ...(rule.producerEan ? { producerEan: rule.producerEan } : {}),
              ...(rule.consumerEan ? { consumerEan: rule.consumerEan } : {}),
            })),
          ),
        ),
      ),
  });
  private readonly points = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.pointsApi.list(params),
  });
  private readonly allPoints = computed(() => (this.points.hasValue() ? this.points.value() : []));
  protected readonly producers = computed(() => this.allPoints().filter((p) => p.role === 'production'));
  protected readonly consumers = computed(() => this.allPoints().filter((p) => p.role === 'consumption'));

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    name: [''],
    validFrom: ['', Validators.required],
    pricePerKwh: ['', [Validators.required, Validators.pattern(PRICE)]],
    vatRatePercent: [21],
    sellerVatPayer: [false],
    bands: this.fb.array([this.band()]),
    pairs: this.fb.array([] as ReturnType<PriceListBandsPage['pair']>[]),
  });
  protected readonly submitted = signal(false);
  protected readonly added = signal(false);
  protected readonly call = new ApiCall();

  private band() {
    return this.fb.group({
      label: ['', [Validators.required, Validators.maxLength(60)]],
      days: ['all' as Days],
      from: ['', Validators.required],
      to: ['', Validators.required],
      price: ['', [Validators.required, Validators.pattern(PRICE)]],
    });
  }

  private pair() {
    return this.fb.group({
      producerEan: ['', Validators.required],
      consumerEan: ['', Validators.required],
      price: ['', [Validators.required, Validators.pattern(PRICE)]],
    });
  }

  protected addBand(): void {
    this.form.controls.bands.push(this.band());
  }

  protected addPair(): void {
    this.form.controls.pairs.push(this.pair());
  }

  protected daysText(weekdays: readonly number[] | undefined): string {
    const days = this.dayChoices.find((choice) => String(DAYS[choice] ?? '') === String(weekdays ?? ''));
    return days ? this.i18n.t(`bands.days.${days}`) : (weekdays ?? []).join(', ');
  }

  /** A point by its EAN and label; a rule without the EAN applies to every point of that side. */
  protected pointText(ean: string | undefined): string {
    if (!ean) return this.i18n.t('bands.anyPoint');
    const label = this.allPoints().find((point) => point.ean === ean)?.label;
    return label ? `${ean} – ${label}` : ean;
  }

  protected async add(): Promise<void> {
    this.submitted.set(true);
    this.added.set(false);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    // the band ids key the prices; people name bands, so the ids are made up here
    const bands = value.bands.map((band, index) => {
      const weekdays = DAYS[band.days];
      return {
        id: `P${index + 1}`,
        label: band.label.trim(),
        ...(weekdays ? { weekdays } : {}),
        windows: [{ from: band.from, to: band.to }],
      };
    });
    const input: PriceListInput = {
      validFrom: value.validFrom,
      pricePerKwh: value.pricePerKwh.trim(),
      sellerVatPayer: value.sellerVatPayer,
      vatRatePercent: value.vatRatePercent,
      ...(value.name.trim() ? { name: value.name.trim() } : {}),
      ...(bands.length > 0
        ? {
            bands,
            bandPrices: Object.fromEntries(
              value.bands.map((band, index) => [`P${index + 1}`, band.price.trim()]),
            ),
          }
        : {}),
      ...(value.pairs.length > 0
        ? {
            rules: value.pairs.map((pair) => ({
              producerEan: pair.producerEan,
              consumerEan: pair.consumerEan,
              pricePerKwh: pair.price.trim(),
            })),
          }
        : {}),
    };
    const done = await this.call.run(() => this.api.create(this.communityId(), input));
    if (done) {
      this.form.controls.bands.clear();
      this.form.controls.pairs.clear();
      this.form.reset();
      this.addBand();
      this.submitted.set(false);
      this.added.set(true);
      this.bandRows.reload();
      this.pairRows.reload();
    }
  }
}
