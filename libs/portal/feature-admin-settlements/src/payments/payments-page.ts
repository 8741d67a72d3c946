import { DOCUMENT } from '@angular/common';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  Injector,
  input,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { map, tap } from 'rxjs';

import {
  type DocumentPaymentRow,
  PAYMENT_STATUSES,
  type PaymentSide,
  type PaymentStatus,
  PaymentsApi,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, pragueToday, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, LocalMoneyPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/** CZK as typed: "1 234,50", "1234.5", "800" (above zero is the API's check). */
const AMOUNT = /^\s*\d{1,3}([\s\u00a0]?\d{3})*([.,]\d{1,2})?\s*$|^\s*\d+([.,]\d{1,2})?\s*$/;

/** "1 234,5" → "1234.50": the API's money text. */
function amountText(typed: string): string {
  const [whole = '0', fraction = ''] = typed
    .replace(/[\s\u00a0]/g, '')
    .replace(',', '.')
    .split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

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
            <!-- the action sits with the number in the sticky first column: reachable on a phone too -->
            <th scope="row">
              <span class="mono">{{ row.number }}</span>
              @if (+row.outstanding > 0) {
                <div>
                  <button
                    type="button"
                    class="link record"
                    (click)="startRecording(row)"
                    [attr.data-testid]="'record-payment-' + row.number"
                  >
                    {{ 'payments.record' | t }}<span class="visually-hidden"> {{ row.number }}</span>
                  </button>
                </div>
              }
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
              @for (payment of row.payments; track payment.id) {
                @if (payment.source === 'manual') {
                  <div class="hint" data-testid="manual-payment">
                    {{
                      'payments.manualPayment'
                        | t: { amount: (+payment.amount | sdMoney: 'CZK'), date: (payment.paidOn | sdDate) }
                    }}
                    @if (payment.note) {
                      – {{ payment.note }}
                    }
                  </div>
                }
              }
            </td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>

    @if (recording(); as row) {
      <section aria-labelledby="record-title" data-testid="record-payment">
        <h2 id="record-title">{{ 'payments.recordTitle' | t: { number: row.number } }}</h2>
        <p>{{ 'payments.recordLead' | t: { party: row.partyName } }}</p>
        <form
          [formGroup]="payment"
          [sdSubmitted]="paymentSubmitted()"
          (ngSubmit)="recordPayment(row)"
          novalidate
          class="grid-form"
        >
          <sd-field for="payment-amount" label="payments.amount" error="payments.amountRule">
            <input sdFieldControl formControlName="amount" inputmode="decimal" autocomplete="off" />
          </sd-field>
          <sd-field for="payment-paid-on" label="payments.paidOn" error="payments.paidOnRule">
            <input sdFieldControl type="date" formControlName="paidOn" [attr.max]="today" />
          </sd-field>
          <sd-field for="payment-note" label="payments.note" hint="payments.noteHint">
            <input sdFieldControl formControlName="note" maxlength="500" autocomplete="off" />
          </sd-field>
          <div class="field submit">
            <button type="submit" class="primary" [disabled]="paymentCall.busy()">
              {{ 'payments.recordSave' | t }}
            </button>
            <button type="button" (click)="recording.set(undefined)">
              {{ 'payments.recordCancel' | t }}
            </button>
          </div>
        </form>
        <sd-api-error [error]="paymentCall.error()" />
      </section>
    }
    @if (recorded(); as done) {
      <p class="notice" role="status" data-testid="payment-recorded">
        {{ 'payments.recorded' | t: { number: done.number, status: ('payments.status.' + done.status | t) } }}
      </p>
    }

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
    /* one line beside the number rather than a word a line */
    .record {
      white-space: nowrap;
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

  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  protected readonly today = pragueToday();
  /** the document whose payment the administrator records by hand */
  protected readonly recording = signal<DocumentPaymentRow | undefined>(undefined);
  protected readonly recorded = signal<{ number: string; status: PaymentStatus } | undefined>(undefined);
  protected readonly payment = inject(NonNullableFormBuilder).group({
    amount: ['', [Validators.required, Validators.pattern(AMOUNT)]],
    paidOn: [this.today, [Validators.required]],
    note: [''],
  });
  protected readonly paymentSubmitted = signal(false);
  protected readonly paymentCall = new ApiCall();

  constructor() {
    effect(() => {
      if (this.settings.hasValue())
        this.form.setValue({ days: this.settings.value().reminderDays.join(', ') });
    });
  }

  protected startRecording(row: DocumentPaymentRow): void {
    this.recorded.set(undefined);
    this.paymentCall.clear();
    this.paymentSubmitted.set(false);
    const amount = this.i18n.language() === 'en' ? row.outstanding : row.outstanding.replace('.', ',');
    this.payment.setValue({ amount, paidOn: this.today, note: '' });
    this.recording.set(row);
    // the form is below the table: on a phone it would open out of sight; the amount takes the focus (and scrolls)
    afterNextRender(() => this.document.getElementById('payment-amount')?.focus(), {
      injector: this.injector,
    });
  }

  protected async recordPayment(row: DocumentPaymentRow): Promise<void> {
    this.paymentSubmitted.set(true);
    this.paymentCall.clear();
    if (this.payment.invalid) return;
    const { amount, paidOn, note } = this.payment.getRawValue();
    let status: PaymentStatus | undefined;
    const ok = await this.paymentCall.run(() =>
      this.api
        .recordPayment(this.communityId(), row.documentId, {
          amount: amountText(amount),
          paidOn,
          ...(note.trim() !== '' ? { note: note.trim() } : {}),
        })
        .pipe(tap((state) => (status = state.status))),
    );
    if (!ok || status === undefined) return;
    this.recording.set(undefined);
    this.recorded.set({ number: row.number, status });
    this.overview.reload();
    this.rows.reload();
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
