import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import {
  type PayoutCandidate,
  type PayoutExport,
  type PayoutFormat,
  PaymentsApi,
  saveBlob,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, LocalMoneyPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/**
 * What the community owes producers (self-billed documents and credit notes), the producers' accounts, and the
 * payment order for the bank (pain.001 or ABO) with its download; exported documents are marked.
 */
@Component({
  selector: 'sd-payouts-page',
  imports: [FormsModule, TranslatePipe, LocalMoneyPipe, LocalDatePipe, ApiErrorMessage, RESOURCE_LIST],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'payouts.title' | t }}</h1>
    <p class="lead">{{ 'payouts.lead' | t }}</p>
    <h2>{{ 'payouts.candidates' | t }}</h2>
    <sd-api-error [error]="accountCall.error()" />
    <sd-resource-list
      [resource]="candidates"
      [emptyHeading]="i18n.t('payouts.emptyTitle')"
      [showLoading]="true"
      [columns]="['payouts.document', 'payouts.producer', 'payouts.amount', 'payouts.account']"
      tableTestId="payout-candidates"
    >
      <p sdEmpty>{{ 'payouts.emptyText' | t }}</p>
      <ng-template [sdListRows]="candidates" let-list>
        @for (row of list; track row.documentId) {
          <tr>
            <th scope="row">
              <span class="mono">{{ row.number }}</span>
              @if (row.exported) {
                <div class="hint">{{ 'payouts.exported' | t }}</div>
              }
            </th>
            <td>{{ row.partyName }}</td>
            <td>{{ +row.amount | sdMoney: 'CZK' }}</td>
            <td>
              <div class="account">
                <input
                  [attr.aria-label]="i18n.t('payouts.accountLabel', { name: row.partyName })"
                  [placeholder]="i18n.t('payouts.accountMissing')"
                  [ngModel]="accounts()[row.memberId] ?? row.iban ?? ''"
                  (ngModelChange)="edit(row.memberId, $event)"
                  autocomplete="off"
                  [attr.data-testid]="'payout-account-' + row.documentId"
                />
                <button
                  type="button"
                  [disabled]="accounts()[row.memberId] === undefined || accountCall.busy()"
                  (click)="saveAccount(row)"
                >
                  {{ 'payouts.saveAccount' | t }}
                </button>
              </div>
            </td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>

    <form class="order" (ngSubmit)="create()">
      <label>
        {{ 'payouts.format' | t }}
        <select name="format" [(ngModel)]="format" data-testid="payout-format">
          <option value="pain001">{{ 'payouts.format.pain001' | t }}</option>
          <option value="abo">{{ 'payouts.format.abo' | t }}</option>
        </select>
      </label>
      <label>
        {{ 'payouts.executionDate' | t }}
        <input type="date" name="executionDate" [(ngModel)]="executionDate" />
      </label>
      <label class="choice">
        <input type="checkbox" name="includeExported" [(ngModel)]="includeExported" />
        {{ 'payouts.includeExported' | t }}
      </label>
      <button type="submit" class="primary" [disabled]="call.busy()" data-testid="payout-create">
        {{ 'payouts.create' | t }}
      </button>
    </form>
    <sd-api-error [error]="call.error()" />
    @if (created(); as order) {
      <p class="notice" role="status" data-testid="payout-created">
        {{ 'payouts.created' | t: { count: order.documents.length, total: (+order.total | sdMoney: 'CZK') } }}
      </p>
    }

    <h2>{{ 'payouts.history' | t }}</h2>
    <sd-api-error [error]="downloadError()" />
    <sd-resource-list
      [resource]="orders"
      [emptyHeading]="i18n.t('payouts.historyEmptyTitle')"
      [showLoading]="true"
      [columns]="[
        'payouts.createdAt',
        'payouts.format',
        'payouts.executionDate',
        'payouts.total',
        'payouts.documents',
      ]"
      tableTestId="payout-orders"
    >
      <p sdEmpty>{{ 'payouts.historyEmptyText' | t }}</p>
      <ng-template [sdListRows]="orders" let-list>
        @for (order of list; track order.id) {
          <tr>
            <th scope="row">
              {{ order.createdAt.slice(0, 10) | sdDate }}
              <div>
                <button type="button" class="link" (click)="download(order)">
                  {{ 'payouts.download' | t }}<span class="visually-hidden"> {{ order.fileName }}</span>
                </button>
              </div>
            </th>
            <td>{{ 'payouts.format.' + order.format | t }}</td>
            <td>{{ order.executionDate | sdDate }}</td>
            <td>{{ +order.total | sdMoney: 'CZK' }}</td>
            <td>
              @for (doc of order.documents; track doc.documentId) {
                <div>
                  <span class="mono">{{ doc.number }}</span> {{ doc.partyName }}
                  {{ +doc.amount | sdMoney: 'CZK' }}
                </div>
              }
            </td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
  `,
  styles: `
    .account,
    .order {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.5rem 1rem;
    }
    .account input {
      min-width: 12rem;
      max-width: 100%;
    }
    .order {
      margin: 1rem 0;
    }
    .order label:not(.choice) {
      display: flex;
      flex-direction: column;
    }
  `,
})
export class PayoutsPage {
  private readonly api = inject(PaymentsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected format: PayoutFormat = 'pain001';
  protected executionDate = '';
  protected includeExported = false;
  protected readonly accounts = signal<Readonly<Record<string, string>>>({});
  protected readonly created = signal<PayoutExport | undefined>(undefined);
  protected readonly downloadError = signal<unknown>(undefined);
  protected readonly call = new ApiCall();
  protected readonly accountCall = new ApiCall();
  protected readonly candidates = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.candidates(params),
  });
  protected readonly orders = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.payouts(params),
  });

  protected edit(memberId: string, account: string): void {
    this.accounts.update((accounts) => ({ ...accounts, [memberId]: account }));
  }

  protected async saveAccount(row: PayoutCandidate): Promise<void> {
    const account = this.accounts()[row.memberId];
    if (account === undefined) return;
    if (
      await this.accountCall.run(() => this.api.saveAccount(this.communityId(), row.memberId, account.trim()))
    ) {
      this.accounts.update(({ [row.memberId]: _saved, ...rest }) => rest);
      this.candidates.reload();
    }
  }

  protected async create(): Promise<void> {
    this.created.set(undefined);
    let order: PayoutExport | undefined;
    const ok = await this.call.run(async () => {
      order = await firstValueFrom(
        this.api.createPayout(this.communityId(), {
          format: this.format,
          ...(this.executionDate !== '' ? { executionDate: this.executionDate } : {}),
          ...(this.includeExported ? { includeExported: true } : {}),
        }),
      );
    });
    if (ok && order !== undefined) {
      this.created.set(order);
      this.orders.reload();
      this.candidates.reload();
    }
  }

  protected async download(order: PayoutExport): Promise<void> {
    this.downloadError.set(undefined);
    try {
      saveBlob(await firstValueFrom(this.api.payoutFile(this.communityId(), order.id)), order.fileName);
    } catch (error) {
      this.downloadError.set(error);
    }
  }
}
