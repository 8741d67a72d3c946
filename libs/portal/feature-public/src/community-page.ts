import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { tap } from 'rxjs';

import { JoiningApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import {
  LocalDatePipe,
  LocalDecimalPipe,
  LocalMoneyPipe,
  LocalNumberPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';
import { APPLICANT_KINDS, type ApplicantKind, type EstimateResponse } from '@sdilna/shared/util-api-contract';

/** A form must stay open this long before it may be sent (the API refuses faster ones as a robot's). */
const MIN_FILL_MS = 3_000;

@Component({
  selector: 'sd-community-page',
  imports: [
    ReactiveFormsModule,
    FORM_FIELD,
    TranslatePipe,
    ApiErrorMessage,
    LocalNumberPipe,
    LocalMoneyPipe,
    LocalDecimalPipe,
    LocalDatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      @if (community.error()) {
        <h1>{{ 'join.notFound.title' | t }}</h1>
        <p>{{ 'join.notFound.text' | t }}</p>
      } @else if (community.hasValue()) {
        @let c = community.value();
        <h1>{{ c.name }}</h1>
        <p class="lead">{{ c.description }}</p>
        <h2>{{ 'join.sources' | t }}</h2>
        <p>{{ c.sources }}</p>
        @if (c.generation.length > 0) {
          <ul>
            @for (source of c.generation; track $index) {
              <li>{{ 'sourceKind.' + source.kind | t }}: {{ source.installedKw | sdNumber: 0 : 2 }} kW</li>
            }
          </ul>
        }
        <h2>{{ 'join.conditions' | t }}</h2>
        <p>{{ c.conditions }}</p>

        <h2>{{ 'join.estimate.title' | t }}</h2>
        <form [formGroup]="estimateForm" (ngSubmit)="estimate()" novalidate>
          <sd-field for="join-kind" label="join.kind">
            <select sdFieldControl formControlName="kind">
              @for (kind of kinds; track kind) {
                <option [value]="kind">{{ 'join.kind.' + kind | t }}</option>
              }
            </select>
          </sd-field>
          <sd-field for="join-yearly" label="join.yearly" hint="join.yearlyHint" error="form.required">
            <input sdFieldControl type="number" min="1" step="1" formControlName="yearlyConsumptionKwh" />
          </sd-field>
          <sd-field for="join-monthly" label="join.monthly" hint="join.monthlyHint">
            <input sdFieldControl type="file" accept=".csv,text/csv" (change)="readCsv($event)" />
          </sd-field>
          <sd-field for="join-price" label="join.supplierPrice" hint="join.supplierPriceHint">
            <input sdFieldControl type="text" inputmode="decimal" formControlName="supplierPricePerKwh" />
          </sd-field>
          <button type="submit" class="primary" [disabled]="estimateCall.busy()">
            {{ 'join.estimate.submit' | t }}
          </button>
        </form>
        <sd-api-error [error]="estimateCall.error()" />
        @if (result(); as r) {
          <section aria-live="polite" data-testid="estimate">
            <p class="notice">
              {{ 'join.estimate.shared' | t }}:
              <strong data-testid="estimate-shared">{{ r.sharedKwh | sdNumber: 2 : 2 }} kWh</strong>
              ({{ r.sharedPercent | sdNumber: 0 : 2 }} %).
              @if (r.savingsCzk !== null) {
                {{ 'join.estimate.savings' | t }}:
                <strong data-testid="estimate-savings">{{ r.savingsCzk | sdMoney }}</strong>.
              } @else {
                {{ 'join.estimate.noPrices' | t }}
              }
            </p>
            <h3>{{ 'join.assumptions' | t }}</h3>
            <ul>
              <li>
                {{ 'join.assume.period' | t: { from: (r.from | sdDate), to: (r.to | sdDate), days: r.days } }}
              </li>
              <li>
                {{
                  'join.assume.profile.' + r.consumptionSource | t: { kind: ('join.kind.' + r.profile | t) }
                }}
              </li>
              <li>{{ 'join.assume.members' | t: { leftover: (r.leftoverKwh | sdNumber: 0 : 2) } }}</li>
              <li>
                {{
                  'join.assume.prices'
                    | t
                      : {
                          supplier: (r.supplierPricePerKwh | sdDecimal),
                          community:
                            r.communityPricePerKwh === null ? '–' : (r.communityPricePerKwh | sdDecimal),
                        }
                }}
              </li>
            </ul>
          </section>

          <h2>{{ 'join.request.title' | t }}</h2>
          @if (sentTo(); as email) {
            <p class="notice" role="status">{{ 'join.request.sent' | t: { email } }}</p>
          } @else {
            <form [formGroup]="joinForm" [sdSubmitted]="submitted()" (ngSubmit)="send()" novalidate>
              <sd-field for="join-name" label="join.name" error="form.required">
                <input sdFieldControl type="text" formControlName="name" autocomplete="name" />
              </sd-field>
              <sd-field for="join-email" label="auth.email" error="form.emailInvalid">
                <input sdFieldControl type="email" formControlName="email" autocomplete="email" />
              </sd-field>
              <sd-field for="join-address" label="join.address" error="form.required">
                <input sdFieldControl type="text" formControlName="address" autocomplete="street-address" />
              </sd-field>
              <sd-field for="join-eans" label="join.eans" hint="join.eansHint" error="form.required">
                <input sdFieldControl type="text" inputmode="numeric" formControlName="eans" />
              </sd-field>
              <div class="honeypot" aria-hidden="true">
                <label for="join-website">Website</label>
                <input
                  id="join-website"
                  type="text"
                  tabindex="-1"
                  autocomplete="off"
                  formControlName="website"
                />
              </div>
              <label class="check">
                <input type="checkbox" formControlName="consentDataProcessing" />
                {{ 'join.consent.dataProcessing' | t }}
              </label>
              <label class="check">
                <input type="checkbox" formControlName="consentEdcMandate" />
                {{ 'join.consent.edcMandate' | t }}
              </label>
              <label class="check">
                <input type="checkbox" formControlName="consentEmail" />
                {{ 'join.consent.email' | t }}
              </label>
              <sd-api-error [error]="sendCall.error()" />
              <button type="submit" class="primary" [disabled]="sendCall.busy() || !ready()">
                {{ 'join.request.submit' | t }}
              </button>
            </form>
          }
        }
      } @else {
        <p role="status">{{ 'join.loading' | t }}</p>
      }
    </div>
  `,
  styles: `
    .honeypot {
      position: absolute;
      left: -10000px;
      width: 1px;
      height: 1px;
      overflow: hidden;
    }
    .check {
      display: flex;
      gap: 0.5rem;
      align-items: flex-start;
      margin: 0.5rem 0;
    }
  `,
})
export class CommunityPage {
  private readonly api = inject(JoiningApi);
  readonly slug = input.required<string>();
  protected readonly kinds = APPLICANT_KINDS;
  protected readonly community = rxResource({
    params: () => this.slug(),
    stream: ({ params }) => this.api.community(params).pipe(tap(() => this.openedAt.set(Date.now()))),
  });
  private readonly openedAt = signal(Date.now());
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly estimateForm = this.fb.group({
    kind: ['household' as ApplicantKind],
    yearlyConsumptionKwh: [3500, [Validators.min(1)]],
    supplierPricePerKwh: [''],
  });
  protected readonly joinForm = this.fb.group({
    name: ['', Validators.required],
    email: ['', [Validators.required, Validators.email]],
    address: ['', Validators.required],
    eans: ['', Validators.required],
    website: [''],
    consentDataProcessing: [false],
    consentEdcMandate: [false],
    consentEmail: [false],
  });
  private readonly monthlyCsv = signal<string | undefined>(undefined);
  protected readonly result = signal<EstimateResponse | undefined>(undefined);
  protected readonly estimateCall = new ApiCall();
  protected readonly sendCall = new ApiCall();
  protected readonly submitted = signal(false);
  protected readonly sentTo = signal<string | undefined>(undefined);
  /** The send button waits out the minimum fill time instead of letting the API refuse a fast person. */
  protected readonly ready = signal(false);

  protected async readCsv(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.monthlyCsv.set(file === undefined ? undefined : await file.text());
  }

  private estimateInput() {
    const value = this.estimateForm.getRawValue();
    const csv = this.monthlyCsv();
    return {
      kind: value.kind,
      ...(csv !== undefined
        ? { monthlyCsv: csv }
        : { yearlyConsumptionKwh: Number(value.yearlyConsumptionKwh) }),
      ...(value.supplierPricePerKwh.trim() !== ''
        ? { supplierPricePerKwh: value.supplierPricePerKwh.trim().replace(',', '.') }
        : {}),
    };
  }

  protected async estimate(): Promise<void> {
    await this.estimateCall.run(() =>
      this.api.estimate(this.slug(), this.estimateInput()).pipe(tap((answer) => this.result.set(answer))),
    );
    const wait = Math.max(0, this.openedAt() + MIN_FILL_MS - Date.now());
    setTimeout(() => this.ready.set(true), wait);
  }

  protected async send(): Promise<void> {
    this.submitted.set(true);
    this.sendCall.clear();
    if (this.joinForm.invalid || !this.community.hasValue()) return;
    const value = this.joinForm.getRawValue();
    const input = {
      ...this.estimateInput(),
      name: value.name.trim(),
      email: value.email.trim(),
      address: value.address.trim(),
      eans: value.eans
        .split(/[\s,;]+/)
        .map((ean) => ean.trim())
        .filter((ean) => ean !== ''),
      consentDataProcessing: value.consentDataProcessing,
      consentEdcMandate: value.consentEdcMandate,
      consentEmail: value.consentEmail,
      formToken: this.community.value().formToken,
      ...(value.website !== '' ? { website: value.website } : {}),
    };
    await this.sendCall.run(() =>
      this.api.submit(this.slug(), input).pipe(tap((answer) => this.sentTo.set(answer.email))),
    );
  }
}
