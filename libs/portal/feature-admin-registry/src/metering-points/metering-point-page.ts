import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import {
  MembersApi,
  type MeteringPoint,
  MeteringPointsApi,
  type PointPriceKind,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, LocalDecimalPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/** The API's rule for a point's price: Kč per kWh, up to 4 decimals; a decimal comma is accepted here too. */
const POINT_PRICE = /^\d{1,6}([.,]\d{1,4})?$/;

/** A period's end may not come before its start (the API refuses it with INVALID_PERIOD). */
function endNotBeforeStart(start: () => string | undefined) {
  return (control: AbstractControl<string>): ValidationErrors | null => {
    const from = start();
    return control.value !== '' && from !== undefined && from !== '' && control.value < from
      ? { beforeStart: true }
      : null;
  };
}

/**
 * `metering-points/:pointId`: what an administrator changes on a registered point — its member, label and the
 * last day it shares (a member who leaves) — and its prices: the supplier's energy price of a consumption point
 * or the feed-in price of a production point, which settlement uses for the members' savings. EAN, role and
 * start stay as registered; a point registered by mistake can be deleted while no key or source uses it.
 */
@Component({
  selector: 'sd-metering-point-page',
  imports: [
    ReactiveFormsModule,
    FORM_FIELD,
    RouterLink,
    TranslatePipe,
    LocalDecimalPipe,
    ApiErrorMessage,
    LocalDatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <a routerLink="..">← {{ 'admin.points.title' | t }}</a>
    </p>
    <sd-api-error [error]="point.error()" />
    @if (point.hasValue() ? point.value() : undefined; as current) {
      <h1>
        {{ 'admin.point.title' | t }} <span class="mono">{{ current.ean }}</span>
      </h1>
      <p class="lead">
        {{ 'pointRole.' + current.role | t }} · {{ 'point.validFrom' | t }}
        {{ current.validFrom | sdDate }}
      </p>
      <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="save()" novalidate class="narrow">
        <sd-field for="point-member" label="point.member">
          <select sdFieldControl formControlName="memberId">
            @for (member of (members.hasValue() ? members.value() : undefined) ?? []; track member.id) {
              <option [value]="member.id">{{ member.name }}</option>
            }
          </select>
        </sd-field>
        <sd-field for="point-label" label="point.label" optional>
          <input sdFieldControl formControlName="label" maxlength="200" />
        </sd-field>
        <sd-field
          for="point-to"
          label="point.validTo"
          optional
          hint="admin.point.validToHint"
          error="admin.point.endBeforeStart"
        >
          <input sdFieldControl type="date" formControlName="validTo" [attr.min]="current.validFrom" />
        </sd-field>
        <sd-api-error [error]="call.error()" />
        <div class="actions">
          <button type="submit" class="primary" [disabled]="call.busy()">{{ 'common.save' | t }}</button>
          <button type="button" class="danger" (click)="remove()" [disabled]="call.busy()">
            {{ 'common.delete' | t }}
          </button>
        </div>
      </form>

      <h2>{{ 'admin.point.prices.' + priceKind() | t }}</h2>
      <p>{{ 'admin.point.pricesLead.' + priceKind() | t }}</p>
      <sd-api-error [error]="prices.error()" />
      @if (prices.hasValue() ? prices.value() : undefined; as list) {
        @if (list.length === 0) {
          <p data-testid="no-prices">{{ 'admin.point.noPrices' | t }}</p>
        } @else {
          <div class="table-wrap">
            <table data-testid="prices-table">
              <thead>
                <tr>
                  <th scope="col">{{ 'prices.valid' | t }}</th>
                  <th scope="col">{{ 'admin.point.pricePerKwh' | t }}</th>
                </tr>
              </thead>
              <tbody>
                @for (price of list; track price.id) {
                  <tr>
                    <td>
                      {{ price.validFrom | sdDate }} –
                      {{ price.validTo ? (price.validTo | sdDate) : '' }}
                    </td>
                    <td>{{ price.pricePerKwh | sdDecimal }} {{ 'unit.czk' | t }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      }
      <form
        [formGroup]="priceForm"
        [sdSubmitted]="priceSubmitted()"
        (ngSubmit)="addPrice()"
        novalidate
        class="grid-form"
      >
        <sd-field for="price-value" label="admin.point.pricePerKwh" error="admin.point.priceRule">
          <input sdFieldControl formControlName="pricePerKwh" inputmode="decimal" />
        </sd-field>
        <sd-field for="price-from" label="common.from" error="form.required">
          <input sdFieldControl type="date" formControlName="validFrom" />
        </sd-field>
        <sd-field for="price-to" label="common.to" optional error="admin.point.endBeforeStart">
          <input sdFieldControl type="date" formControlName="validTo" />
        </sd-field>
        <div class="field submit">
          <button type="submit" class="primary" [disabled]="priceCall.busy()">
            {{ 'admin.point.addPrice' | t }}
          </button>
        </div>
      </form>
      <sd-api-error [error]="priceCall.error()" />
    }
  `,
})
export class MeteringPointPage {
  private readonly api = inject(MeteringPointsApi);
  private readonly membersApi = inject(MembersApi);
  private readonly router = inject(Router);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  readonly pointId = input.required<string>();

  protected readonly point = rxResource({
    params: () => ({ communityId: this.communityId(), pointId: this.pointId() }),
    stream: ({ params }) => this.api.get(params.communityId, params.pointId),
  });
  protected readonly members = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.membersApi.list(params),
  });
  protected readonly prices = rxResource({
    params: () => ({ communityId: this.communityId(), pointId: this.pointId() }),
    stream: ({ params }) => this.api.prices(params.communityId, params.pointId),
  });
  private readonly current = computed<MeteringPoint | undefined>(() =>
    this.point.hasValue() ? this.point.value() : undefined,
  );
  /** A consumption point has the supplier's energy price, a production point the feed-in price. */
  protected readonly priceKind = computed<PointPriceKind>(() =>
    this.current()?.role === 'production' ? 'feed-in' : 'supplier-energy',
  );

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    memberId: ['', Validators.required],
    label: [''],
    validTo: ['', endNotBeforeStart(() => this.registeredFrom)],
  });
  protected readonly priceForm = this.fb.group({
    pricePerKwh: ['', [Validators.required, Validators.pattern(POINT_PRICE)]],
    validFrom: ['', Validators.required],
    validTo: [''],
  });
  /** The point's start, for the end's validator (which runs before the point has loaded). */
  private registeredFrom: string | undefined;
  protected readonly submitted = signal(false);
  protected readonly priceSubmitted = signal(false);
  protected readonly call = new ApiCall();
  protected readonly priceCall = new ApiCall();

  constructor() {
    // Added here, not in the group: the group runs its validators while it is being built.
    this.priceForm.controls.validTo.addValidators(
      endNotBeforeStart(() => this.priceForm.controls.validFrom.value),
    );
    effect(() => {
      const point = this.current();
      if (point) {
        this.registeredFrom = point.validFrom;
        this.form.setValue({
          memberId: point.memberId,
          label: point.label ?? '',
          validTo: point.validTo ?? '',
        });
      }
    });
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    const saved = await this.call.run(() =>
      this.api.update(this.communityId(), this.pointId(), {
        memberId: value.memberId,
        label: value.label.trim(),
        // An end, once set, is moved but not removed here: settled months and imports rely on it.
        ...(value.validTo !== '' ? { validTo: value.validTo } : {}),
      }),
    );
    if (saved) await this.router.navigate(['/admin', this.communityId(), 'metering-points']);
  }

  protected async remove(): Promise<void> {
    const removed = await this.call.run(() => this.api.remove(this.communityId(), this.pointId()));
    if (removed) await this.router.navigate(['/admin', this.communityId(), 'metering-points']);
  }

  protected async addPrice(): Promise<void> {
    this.priceSubmitted.set(true);
    this.priceCall.clear();
    this.priceForm.controls.validTo.updateValueAndValidity();
    if (this.priceForm.invalid) return;
    const value = this.priceForm.getRawValue();
    const added = await this.priceCall.run(() =>
      this.api.addPrice(this.communityId(), this.pointId(), {
        kind: this.priceKind(),
        pricePerKwh: value.pricePerKwh.trim().replace(',', '.'),
        validFrom: value.validFrom,
        ...(value.validTo !== '' ? { validTo: value.validTo } : {}),
      }),
    );
    if (added) {
      this.priceForm.reset();
      this.priceSubmitted.set(false);
      this.prices.reload();
    }
  }
}
