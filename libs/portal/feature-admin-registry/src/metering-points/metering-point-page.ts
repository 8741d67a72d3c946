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
import { firstValueFrom } from 'rxjs';

import {
  MembersApi,
  type MeteringPoint,
  MeteringPointsApi,
  type PointPriceKind,
  SharingGroupsApi,
} from '@sdilna/portal/data-access-community';
import {
  ApiCall,
  ApiErrorMessage,
  FORM_FIELD,
  PeriodErrorMessage,
  PeriodPipe,
  periodState,
  pragueToday,
} from '@sdilna/portal/ui-kit';
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

/** The day after `day` (`YYYY-MM-DD`; UTC arithmetic, so no time zone moves it). */
function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * `metering-points/:pointId`: what an administrator changes on a registered point — its member, label and the
 * last day it shares (a member who leaves) — and its prices: the supplier's energy price of a consumption point
 * or the feed-in price of a production point, which settlement uses for the members' savings. EAN, role and
 * start stay as registered; a point registered by mistake can be deleted while no key or source uses it.
 * Periods (issue 17): a price is ended on its last day and the next added; the point moves to another member or
 * group from a date (its successor period), and the EAN's history lists every period.
 */
@Component({
  selector: 'sd-metering-point-page',
  imports: [
    ReactiveFormsModule,
    FORM_FIELD,
    RouterLink,
    TranslatePipe,
    PeriodPipe,
    LocalDecimalPipe,
    ApiErrorMessage,
    PeriodErrorMessage,
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
        <sd-period-error
          dialogId="point-error"
          [error]="call.error()"
          [busy]="call.busy()"
          (correct)="save(true)"
        />
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
                  <th scope="col">{{ 'periods.state' | t }}</th>
                  <th scope="col">{{ 'admin.point.pricePerKwh' | t }}</th>
                </tr>
              </thead>
              <tbody>
                @for (price of list; track price.id) {
                  <tr>
                    <td>
                      {{ price | sdPeriod }}
                    </td>
                    <td [attr.data-state]="state(price)">{{ 'periods.state.' + state(price) | t }}</td>
                    <td>{{ price.pricePerKwh | sdDecimal }} {{ 'unit.czk' | t }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          @if (endablePrices().length > 0) {
            <h3>{{ 'admin.point.endPrice' | t }}</h3>
            <form
              [formGroup]="endPriceForm"
              [sdSubmitted]="endPriceSubmitted()"
              (ngSubmit)="endPrice(false)"
              novalidate
              class="grid-form"
              data-testid="end-price"
            >
              <sd-field for="end-price-which" label="periods.which" error="form.required">
                <select sdFieldControl formControlName="priceId">
                  @for (price of endablePrices(); track price.id) {
                    <option [value]="price.id">
                      {{ price.pricePerKwh | sdDecimal }} {{ 'unit.czk' | t }} ({{ price.validFrom | sdDate }}
                      –)
                    </option>
                  }
                </select>
              </sd-field>
              <sd-field
                for="end-price-to"
                label="periods.lastDay"
                hint="periods.lastDayHint"
                error="form.required"
              >
                <input sdFieldControl type="date" formControlName="validTo" />
              </sd-field>
              <div class="field submit">
                <button type="submit" [disabled]="endPriceCall.busy()">
                  {{ 'admin.point.endPriceSubmit' | t }}
                </button>
              </div>
            </form>
            <sd-period-error
              dialogId="end-price-error"
              [error]="endPriceCall.error()"
              [busy]="endPriceCall.busy()"
              (correct)="endPrice(true)"
            />
          }
        }
      }
      <h3>{{ 'admin.point.addPrice' | t }}</h3>
      <form
        [formGroup]="priceForm"
        [sdSubmitted]="priceSubmitted()"
        (ngSubmit)="addPrice()"
        novalidate
        class="grid-form"
        data-testid="add-price"
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
      <sd-period-error
        dialogId="add-price-error"
        [error]="priceCall.error()"
        [busy]="priceCall.busy()"
        (correct)="addPrice(true)"
      />

      <h2>{{ 'admin.point.successor' | t }}</h2>
      <p>{{ 'admin.point.successorLead' | t }}</p>
      <form
        [formGroup]="successorForm"
        [sdSubmitted]="successorSubmitted()"
        (ngSubmit)="moveFrom()"
        novalidate
        class="grid-form"
        data-testid="successor"
      >
        <sd-field for="successor-from" label="admin.point.successorFrom" error="form.required">
          <input sdFieldControl type="date" formControlName="validFrom" [attr.min]="current.validFrom" />
        </sd-field>
        <sd-field for="successor-member" label="admin.point.successorMember">
          <select sdFieldControl formControlName="memberId">
            @for (member of (members.hasValue() ? members.value() : undefined) ?? []; track member.id) {
              <option [value]="member.id">{{ member.name }}</option>
            }
          </select>
        </sd-field>
        @if (groupList().length > 1) {
          <sd-field for="successor-group" label="admin.point.successorGroup">
            <select sdFieldControl formControlName="sharingGroupId">
              @for (group of groupList(); track group.id) {
                <option [value]="group.id">{{ group.name }}</option>
              }
            </select>
          </sd-field>
        }
        <div class="field submit">
          <button type="submit" class="primary" [disabled]="successorCall.busy()">
            {{ 'admin.point.successorSubmit' | t }}
          </button>
        </div>
      </form>
      <sd-period-error dialogId="successor-error" [error]="successorCall.error()" [correctable]="false" />
      @if (moved(); as done) {
        <p class="ok" role="status" data-testid="successor-done">
          {{
            'admin.point.successorDone'
              | t: { date: (done.validFrom | sdDate), member: memberName(done.memberId) }
          }}
        </p>
      }

      <h2>{{ 'admin.point.history' | t }}</h2>
      <sd-api-error [error]="history.error()" />
      @if (history.hasValue() ? history.value() : undefined; as periods) {
        <!-- focusable: on a phone the table scrolls in its box, which the keyboard must reach -->
        <div class="table-wrap" tabindex="0">
          <table data-testid="point-history">
            <thead>
              <tr>
                <th scope="col">{{ 'prices.valid' | t }}</th>
                <th scope="col">{{ 'periods.state' | t }}</th>
                <th scope="col">{{ 'point.member' | t }}</th>
                @if (groupList().length > 1) {
                  <th scope="col">{{ 'admin.point.historyGroup' | t }}</th>
                }
                <th scope="col">{{ 'point.label' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (period of periods; track period.id) {
                <tr [attr.aria-current]="period.id === current.id ? 'true' : null">
                  <td>
                    @if (period.id === current.id) {
                      {{ period | sdPeriod }}
                    } @else {
                      <a [routerLink]="['..', period.id]">
                        {{ period | sdPeriod }}
                      </a>
                    }
                  </td>
                  <td [attr.data-state]="state(period)">{{ 'periods.state.' + state(period) | t }}</td>
                  <td>{{ memberName(period.memberId) }}</td>
                  @if (groupList().length > 1) {
                    <td>{{ groupName(period.sharingGroupId) }}</td>
                  }
                  <td>{{ period.label ?? '' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    }
  `,
})
export class MeteringPointPage {
  private readonly api = inject(MeteringPointsApi);
  private readonly membersApi = inject(MembersApi);
  private readonly groupsApi = inject(SharingGroupsApi);
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
  private readonly historyChanged = signal(0);
  protected readonly history = rxResource({
    params: () => ({
      communityId: this.communityId(),
      pointId: this.pointId(),
      changed: this.historyChanged(),
    }),
    stream: ({ params }) => this.api.history(params.communityId, params.pointId),
  });
  protected readonly groups = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.groupsApi.list(params),
  });
  protected readonly groupList = computed(() => (this.groups.hasValue() ? this.groups.value() : []));
  private readonly today = pragueToday();
  /** Prices that may still be ended or have their end moved. */
  protected readonly endablePrices = computed(() =>
    (this.prices.hasValue() ? this.prices.value() : []).filter(
      (price) => periodState(price, this.today) !== 'ended',
    ),
  );
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
  protected readonly endPriceForm = this.fb.group({
    priceId: ['', Validators.required],
    validTo: ['', Validators.required],
  });
  protected readonly successorForm = this.fb.group({
    validFrom: ['', Validators.required],
    memberId: ['', Validators.required],
    sharingGroupId: [''],
  });
  protected readonly endPriceSubmitted = signal(false);
  protected readonly successorSubmitted = signal(false);
  protected readonly endPriceCall = new ApiCall();
  protected readonly successorCall = new ApiCall();
  protected readonly moved = signal<MeteringPoint | undefined>(undefined);
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
        this.successorForm.patchValue({
          memberId: point.memberId,
          sharingGroupId: point.sharingGroupId ?? '',
        });
      }
    });
    // The price usually ended is the newest open one; a select with no value would show it without choosing it.
    effect(() => {
      const prices = this.endablePrices();
      const chosen = this.endPriceForm.controls.priceId;
      if (prices.length > 0 && !prices.some((price) => price.id === chosen.value)) {
        chosen.setValue(prices[prices.length - 1]!.id);
      }
    });
  }

  protected state(period: { validFrom: string; validTo?: string | null }): string {
    return periodState(period, this.today);
  }

  protected memberName(memberId: string): string {
    const members = this.members.hasValue() ? this.members.value() : [];
    return members.find((member) => member.id === memberId)?.name ?? '';
  }

  protected groupName(groupId: string | undefined): string {
    return this.groupList().find((group) => group.id === groupId)?.name ?? '';
  }

  protected async save(asCorrection = false): Promise<void> {
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
        ...(asCorrection ? { asCorrection: true } : {}),
      }),
    );
    if (saved) await this.router.navigate(['/admin', this.communityId(), 'metering-points']);
  }

  protected async remove(): Promise<void> {
    const removed = await this.call.run(() => this.api.remove(this.communityId(), this.pointId()));
    if (removed) await this.router.navigate(['/admin', this.communityId(), 'metering-points']);
  }

  /** Ends the chosen price on its last day; the next price's form then starts the day after. */
  protected async endPrice(asCorrection: boolean): Promise<void> {
    this.endPriceSubmitted.set(true);
    if (this.endPriceForm.invalid) return;
    const value = this.endPriceForm.getRawValue();
    const done = await this.endPriceCall.run(() =>
      this.api.closePrice(this.communityId(), this.pointId(), value.priceId, {
        validTo: value.validTo,
        ...(asCorrection ? { asCorrection: true } : {}),
      }),
    );
    if (done) {
      this.priceForm.controls.validFrom.setValue(dayAfter(value.validTo));
      this.endPriceForm.controls.validTo.reset();
      this.endPriceSubmitted.set(false);
      this.prices.reload();
    }
  }

  /** The point's next period from a date: the same EAN for another member and/or group. */
  protected async moveFrom(): Promise<void> {
    this.successorSubmitted.set(true);
    this.moved.set(undefined);
    if (this.successorForm.invalid) return;
    const value = this.successorForm.getRawValue();
    const point = this.current();
    let next: MeteringPoint | undefined;
    const done = await this.successorCall.run(async () => {
      next = await firstValueFrom(
        this.api.successor(this.communityId(), this.pointId(), {
          validFrom: value.validFrom,
          ...(value.memberId !== point?.memberId ? { memberId: value.memberId } : {}),
          ...(value.sharingGroupId !== '' && value.sharingGroupId !== point?.sharingGroupId
            ? { sharingGroupId: value.sharingGroupId }
            : {}),
        }),
      );
    });
    if (done && next) {
      this.moved.set(next);
      this.successorForm.controls.validFrom.reset();
      this.successorSubmitted.set(false);
      this.point.reload();
      this.historyChanged.update((count) => count + 1);
    }
  }

  protected async addPrice(asCorrection = false): Promise<void> {
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
        ...(asCorrection ? { asCorrection: true } : {}),
      }),
    );
    if (added) {
      this.priceForm.reset();
      this.priceSubmitted.set(false);
      this.prices.reload();
    }
  }
}
