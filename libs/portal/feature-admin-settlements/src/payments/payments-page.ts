import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { map } from 'rxjs';

import {
  PAYMENT_STATUSES,
  type PaymentSide,
  type PaymentStatus,
  PaymentsApi,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, LocalMoneyPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/** "7, 21" → [7, 21]: one to five whole days 1–365. */
const REMINDER_DAYS = /^\s*\d{1,3}(\s*,\s*\d{1,3}){0,4}\s*$/;

/**
 * Every document's payment state, filtered by state and by who pays, with the totals outstanding; and the
 * reminder steps the worker mails on.
 */
@Component({
  selector: 'sd-payments-page',
  imports: [
    FormsModule,
    ReactiveFormsModule,
    TranslatePipe,
    LocalMoneyPipe,
    LocalDatePipe,
    ApiErrorMessage,
    FORM_FIELD,
    RESOURCE_LIST,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'payments.title' | t }}</h1>
    <p class="lead">{{ 'payments.lead' | t }}</p>
    <sd-api-error [error]="overview.error()" />
    @if (overview.hasValue()) {
      <dl class="totals" data-testid="payment-totals">
        <div>
          <dt>{{ 'payments.receivableOutstanding' | t }}</dt>
          <dd data-testid="total-receivable">
            {{ +overview.value().totals.receivableOutstanding | sdMoney: 'CZK' }}
          </dd>
        </div>
        <div>
          <dt>{{ 'payments.receivableOverdue' | t }}</dt>
          <dd data-testid="total-overdue">
            {{ +overview.value().totals.receivableOverdue | sdMoney: 'CZK' }}
          </dd>
        </div>
        <div>
          <dt>{{ 'payments.payableOutstanding' | t }}</dt>
          <dd data-testid="total-payable">
            {{ +overview.value().totals.payableOutstanding | sdMoney: 'CZK' }}
          </dd>
        </div>
      </dl>
    }
    <div class="filters">
      <label>
        {{ 'payments.statusFilter' | t }}
        <select
          [ngModel]="status()"
          (ngModelChange)="status.set($event)"
          data-testid="payments-status-filter"
        >
          <option value="">{{ 'payments.all' | t }}</option>
          @for (value of statuses; track value) {
            <option [value]="value">{{ 'payments.status.' + value | t }}</option>
          }
        </select>
      </label>
      <label>
        {{ 'payments.sideFilter' | t }}
        <select [ngModel]="side()" (ngModelChange)="side.set($event)">
          <option value="">{{ 'payments.all' | t }}</option>
          @for (value of sides; track value) {
            <option [value]="value">{{ 'payments.side.' + value | t }}</option>
          }
        </select>
      </label>
    </div>
    <sd-resource-list
      [resource]="rows"
      [emptyHeading]="i18n.t('payments.emptyTitle')"
      [showLoading]="true"
      [columns]="[
        'documents.number',
        'payments.party',
        'payments.dueDate',
        'documents.gross',
        'payments.paid',
        'payments.outstanding',
        'payments.status',
      ]"
      tableTestId="payments-table"
    >
      <p sdEmpty>{{ 'payments.emptyText' | t }}</p>
      <ng-template [sdListRows]="rows" let-list>
        @for (row of list; track row.documentId) {
          <tr>
            <th scope="row">
              <span class="mono">{{ row.number }}</span>
            </th>
            <td>
              {{ row.partyName }} <span class="hint">({{ 'payments.side.' + row.side | t }})</span>
            </td>
            <td>{{ row.dueDate | sdDate }}</td>
            <td>{{ +row.amountDue | sdMoney: 'CZK' }}</td>
            <td>{{ +row.paid | sdMoney: 'CZK' }}</td>
            <td>{{ +row.outstanding | sdMoney: 'CZK' }}</td>
            <td>
              <span class="badge" [class]="'badge status-' + row.status">{{
                'payments.status.' + row.status | t
              }}</span>
            </td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>

    <h2>{{ 'payments.reminders' | t }}</h2>
    <p>{{ 'payments.remindersLead' | t }}</p>
    <form
      [formGroup]="form"
      [sdSubmitted]="submitted()"
      (ngSubmit)="saveReminders()"
      novalidate
      class="grid-form"
    >
      <sd-field
        for="reminder-days"
        label="payments.reminderDays"
        hint="payments.reminderDaysHint"
        error="payments.reminderDaysRule"
      >
        <input sdFieldControl formControlName="days" inputmode="numeric" autocomplete="off" />
      </sd-field>
      <div class="field submit">
        <button type="submit" class="primary" [disabled]="call.busy()">{{ 'common.save' | t }}</button>
      </div>
    </form>
    @if (saved()) {
      <p class="notice" role="status" data-testid="reminders-saved">{{ 'payments.remindersSaved' | t }}</p>
    }
    <sd-api-error [error]="call.error()" />
  `,
  styles: `
    .totals {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem 2rem;
      margin: 0 0 1rem;
    }
    .totals dt {
      font-size: 0.875rem;
    }
    .totals dd {
      margin: 0;
      font-size: 1.25rem;
      font-weight: 600;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
      margin-bottom: 1rem;
    }
    .filters label {
      display: flex;
      flex-direction: column;
    }
    .status-overdue {
      font-weight: 600;
    }
  `,
})
export class PaymentsPage {
  private readonly api = inject(PaymentsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly statuses = PAYMENT_STATUSES;
  protected readonly sides: readonly PaymentSide[] = ['receivable', 'payable'];
  protected readonly status = signal<PaymentStatus | ''>('');
  protected readonly side = signal<PaymentSide | ''>('');
  /** the totals are the community's, whatever the filter */
  protected readonly overview = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.overview(params),
  });
  protected readonly rows = rxResource({
    params: () => ({ communityId: this.communityId(), status: this.status(), side: this.side() }),
    stream: ({ params }) =>
      this.api
        .overview(params.communityId, {
          ...(params.status !== '' ? { status: params.status } : {}),
          ...(params.side !== '' ? { side: params.side } : {}),
        })
        .pipe(map((overview) => overview.documents)),
  });
  private readonly settings = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.settings(params),
  });
  protected readonly form = inject(NonNullableFormBuilder).group({
    days: ['7, 21', [Validators.required, Validators.pattern(REMINDER_DAYS)]],
  });
  protected readonly submitted = signal(false);
  protected readonly saved = signal(false);
  protected readonly call = new ApiCall();

  constructor() {
    effect(() => {
      if (this.settings.hasValue())
        this.form.setValue({ days: this.settings.value().reminderDays.join(', ') });
    });
  }

  protected async saveReminders(): Promise<void> {
    this.submitted.set(true);
    this.saved.set(false);
    this.call.clear();
    if (this.form.invalid) return;
    const days = this.form
      .getRawValue()
      .days.split(',')
      .map((part) => Number(part.trim()));
    if (await this.call.run(() => this.api.saveSettings(this.communityId(), days))) this.saved.set(true);
  }
}
