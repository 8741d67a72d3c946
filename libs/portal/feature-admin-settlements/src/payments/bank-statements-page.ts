import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { firstValueFrom, map } from 'rxjs';

import { type BankEntry, PaymentsApi, type StatementUpload } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, LocalMoneyPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/**
 * Upload of a bank statement (camt.053 or ABO/GPC) and what it did; the uploaded statements; the payments no
 * variable symbol matched, each assigned to a document by hand.
 */
@Component({
  selector: 'sd-bank-statements-page',
  imports: [FormsModule, TranslatePipe, LocalMoneyPipe, LocalDatePipe, ApiErrorMessage, RESOURCE_LIST],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'statements.title' | t }}</h1>
    <p class="lead">{{ 'statements.lead' | t }}</p>
    <form class="upload" (ngSubmit)="upload()">
      <label for="statement-file">{{ 'statements.file' | t }}</label>
      <input
        id="statement-file"
        type="file"
        accept=".xml,.gpc,.txt,.abo,application/xml,text/xml,text/plain"
        (change)="choose($event)"
        data-testid="statement-file"
      />
      <button type="submit" class="primary" [disabled]="file() === undefined || call.busy()">
        {{ 'statements.upload' | t }}
      </button>
    </form>
    <sd-api-error [error]="call.error()" />
    @if (result(); as done) {
      <p class="notice" role="status" data-testid="statement-result">
        @if (done.duplicate) {
          {{ 'statements.duplicate' | t }}
        } @else {
          {{ 'statements.uploaded' | t: counts(done) }}
        }
      </p>
    }

    <h2>{{ 'statements.unmatched' | t }}</h2>
    <p>{{ 'statements.unmatchedLead' | t }}</p>
    <sd-api-error [error]="assignCall.error()" />
    @if (assigned(); as number) {
      <p class="notice" role="status" data-testid="entry-assigned">
        {{ 'statements.assigned' | t: { number } }}
      </p>
    }
    <sd-resource-list
      [resource]="unmatched"
      [emptyHeading]="i18n.t('statements.noUnmatchedTitle')"
      [showLoading]="true"
      [columns]="[
        'statements.date',
        'statements.amount',
        'statements.counterparty',
        'statements.symbol',
        'statements.document',
      ]"
      tableTestId="unmatched-table"
    >
      <p sdEmpty>{{ 'statements.noUnmatchedText' | t }}</p>
      <ng-template [sdListRows]="unmatched" let-list>
        @for (entry of list; track entry.id) {
          <tr>
            <th scope="row">{{ entry.bookingDate | sdDate }}</th>
            <td>
              {{ (entry.direction === 'credit' ? 1 : -1) * +entry.amount | sdMoney: entry.currency }}
              <span class="hint">({{ 'statements.direction.' + entry.direction | t }})</span>
            </td>
            <td>
              {{ entry.counterpartyName ?? '' }} {{ entry.counterpartyAccount ?? '' }}
              @if (entry.message) {
                <div class="hint">{{ entry.message }}</div>
              }
            </td>
            <td class="mono">{{ entry.variableSymbol ?? '' }}</td>
            <td>
              <div class="assign">
                <select
                  [attr.aria-label]="i18n.t('statements.chooseDocument')"
                  [ngModel]="choice()[entry.id] ?? ''"
                  (ngModelChange)="pick(entry.id, $event)"
                  [attr.data-testid]="'assign-select-' + entry.id"
                >
                  <option value="">{{ 'statements.chooseDocument' | t }}</option>
                  @for (doc of openDocuments(entry); track doc.documentId) {
                    <option [value]="doc.documentId">
                      {{ doc.number }} · {{ doc.partyName }} · {{ +doc.outstanding | sdMoney: 'CZK' }}
                    </option>
                  }
                </select>
                <button
                  type="button"
                  [disabled]="!choice()[entry.id] || assignCall.busy()"
                  (click)="assign(entry)"
                  [attr.data-testid]="'assign-' + entry.id"
                >
                  {{ 'statements.assign' | t }}
                </button>
              </div>
            </td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>

    <h2>{{ 'statements.history' | t }}</h2>
    <sd-resource-list
      [resource]="statements"
      [emptyHeading]="i18n.t('statements.emptyTitle')"
      [showLoading]="true"
      [columns]="['statements.fileName', 'statements.account', 'statements.period', 'statements.entries']"
      tableTestId="statements-table"
    >
      <p sdEmpty>{{ 'statements.emptyText' | t }}</p>
      <ng-template [sdListRows]="statements" let-list>
        @for (statement of list; track statement.id) {
          <tr>
            <th scope="row">{{ statement.fileName }}</th>
            <td class="mono">{{ statement.account }}</td>
            <td>
              @if (statement.from && statement.to) {
                {{ statement.from | sdDate }} – {{ statement.to | sdDate }}
              }
            </td>
            <td>{{ statement.entryCount }} ({{ statement.newEntryCount }})</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
  `,
  styles: `
    .upload {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      margin-bottom: 1rem;
    }
    .upload input {
      max-width: 100%;
    }
    .assign {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .assign select {
      max-width: 16rem;
    }
  `,
})
export class BankStatementsPage {
  private readonly api = inject(PaymentsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly file = signal<File | undefined>(undefined);
  protected readonly result = signal<StatementUpload | undefined>(undefined);
  protected readonly assigned = signal<string | undefined>(undefined);
  protected readonly choice = signal<Readonly<Record<string, string>>>({});
  protected readonly call = new ApiCall();
  protected readonly assignCall = new ApiCall();
  protected readonly statements = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.statements(params),
  });
  protected readonly unmatched = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.unmatched(params),
  });
  /** documents with something left to pay: what an unmatched entry can be assigned to */
  private readonly open = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) =>
      this.api
        .overview(params)
        .pipe(map((overview) => overview.documents.filter((row) => +row.outstanding > 0))),
  });
  private readonly openRows = computed(() => (this.open.hasValue() ? this.open.value() : []));

  /** Money in pays what members owe, money out what the community owes producers. */
  protected openDocuments(entry: BankEntry) {
    const side = entry.direction === 'credit' ? 'receivable' : 'payable';
    return this.openRows().filter((row) => row.side === side);
  }

  protected choose(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.file.set(input.files?.[0] ?? undefined);
  }

  protected pick(entryId: string, documentId: string): void {
    this.choice.update((choice) => ({ ...choice, [entryId]: documentId }));
  }

  protected counts(upload: StatementUpload): Record<string, number> {
    const count = (outcome: string) => upload.entries.filter((entry) => entry.outcome === outcome).length;
    return {
      paid: count('paid'),
      partial: count('partially-paid'),
      overpaid: count('overpaid'),
      unmatched: count('unmatched'),
      already: upload.alreadyBooked,
    };
  }

  protected async upload(): Promise<void> {
    const file = this.file();
    if (file === undefined) return;
    this.result.set(undefined);
    let answer: StatementUpload | undefined;
    const ok = await this.call.run(async () => {
      answer = await firstValueFrom(this.api.upload(this.communityId(), file));
    });
    if (ok && answer !== undefined) {
      this.result.set(answer);
      this.statements.reload();
      this.unmatched.reload();
      this.open.reload();
    }
  }

  protected async assign(entry: BankEntry): Promise<void> {
    const documentId = this.choice()[entry.id];
    if (!documentId) return;
    this.assigned.set(undefined);
    const number = this.openRows().find((row) => row.documentId === documentId)?.number ?? '';
    if (await this.assignCall.run(() => this.api.assign(this.communityId(), entry.id, documentId))) {
      this.assigned.set(number);
      this.unmatched.reload();
      this.open.reload();
    }
  }
}
