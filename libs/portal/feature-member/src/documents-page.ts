import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';

import {
  BillingApi,
  type DocumentFormat,
  type DocumentKind,
  DocumentsApi,
  type IssuedDocument,
  saveBlob,
} from '@sdilna/portal/data-access-community';
import { ApiErrorMessage, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, LocalMoneyPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/** Issued documents with PDF and ISDOC downloads; the API decides whose documents the caller sees. */
@Component({
  selector: 'sd-documents-page',
  imports: [TranslatePipe, LocalMoneyPipe, ApiErrorMessage, LocalDatePipe, RESOURCE_LIST],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ (kind() === 'internal-recharge' ? 'recharges.title' : 'documents.title') | t }}</h1>
    @if (kind() === 'internal-recharge') {
      <p class="lead">{{ 'recharges.lead' | t }}</p>
    }
    @if (payment() === 'done' || payment() === 'cancelled') {
      <p class="notice" role="status" data-testid="documents-payment">
        {{ 'documents.payment.' + payment() | t }}
      </p>
    }
    <sd-api-error [error]="downloadError()" />
    <sd-resource-list
      [resource]="documents"
      [emptyHeading]="i18n.t('documents.emptyTitle')"
      [showLoading]="true"
      [columns]="[
        'documents.number',
        'documents.kind',
        'documents.parties',
        'documents.period',
        'documents.issued',
        'documents.gross',
        'documents.paymentStatus',
      ]"
      tableTestId="documents-table"
    >
      <p sdEmpty>{{ 'documents.emptyText' | t }}</p>
      <ng-template [sdListRows]="documents" let-list>
        @for (doc of list; track doc.id) {
          <tr>
            <!-- the files sit with the number in the sticky first column: reachable on a phone too -->
            <th scope="row">
              <span class="mono">{{ doc.number }}</span>
              <!-- on a phone the amount and its state sit under the number, before any sideways scrolling;
                   the cells further right say the same to a screen reader -->
              <div class="at-a-glance" aria-hidden="true" data-testid="document-at-a-glance">
                <span class="amount">{{ +doc.gross | sdMoney: doc.currency }}</span>
                @if (doc.payment; as payment) {
                  <span>{{ 'payments.status.' + payment.status | t }}</span>
                }
              </div>
              <div class="row-actions">
                <button type="button" class="link" (click)="download(doc, 'pdf')">
                  PDF<span class="visually-hidden"> {{ doc.number }}</span>
                </button>
                <button type="button" class="link" (click)="download(doc, 'isdoc')">
                  ISDOC<span class="visually-hidden"> {{ doc.number }}</span>
                </button>
                <!-- only to the community's own Stripe account: without Stripe Connect there is no button;
                     a card pays the whole gross, so not once anything of it is paid -->
                @if (
                  cardPayments() &&
                  doc.kind === 'invoice' &&
                  +doc.gross > 0 &&
                  !(+(doc.payment?.paid ?? 0) > 0)
                ) {
                  <button
                    type="button"
                    class="link"
                    (click)="pay(doc)"
                    [disabled]="paying()"
                    data-testid="pay-by-card"
                  >
                    {{ 'documents.payByCard' | t }}<span class="visually-hidden"> {{ doc.number }}</span>
                  </button>
                }
              </div>
            </th>
            <td>
              {{ 'documentKind.' + doc.kind | t }}
              @if (doc.correctsDocumentId) {
                ({{ (+doc.gross < 0 ? 'documents.creditNote' : 'documents.debitNote') | t }})
                <div class="hint" data-testid="document-corrects">
                  {{ 'documents.corrects' | t: { number: numberOf(doc.correctsDocumentId) } }}
                </div>
              }
            </td>
            <td>{{ doc.sellerName }} → {{ doc.buyerName }}</td>
            <td>{{ doc.periodFrom | sdDate }} – {{ doc.periodTo | sdDate }}</td>
            <td>{{ doc.issueDate | sdDate }}</td>
            <td>{{ +doc.gross | sdMoney: doc.currency }}</td>
            <td>
              @if (doc.payment; as payment) {
                <span [attr.data-testid]="'payment-status-' + doc.number">{{
                  'payments.status.' + payment.status | t
                }}</span>
                @if (payment.status !== 'paid' && +payment.outstanding > 0 && +payment.paid > 0) {
                  <div class="hint">
                    {{
                      'documents.outstanding' | t: { amount: (+payment.outstanding | sdMoney: doc.currency) }
                    }}
                  </div>
                }
              }
            </td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
  `,
  styles: `
    /* on a phone the pay button goes to its own line rather than breaking into one word a line */
    .row-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.75rem;
    }
    .row-actions button {
      white-space: nowrap;
    }
    .at-a-glance {
      display: none;
      font-weight: normal;
    }
    @media (max-width: 40rem) {
      .at-a-glance {
        display: flex;
        flex-direction: column;
      }
    }
    .at-a-glance .amount {
      white-space: nowrap;
    }
  `,
})
export class DocumentsPage {
  private readonly api = inject(DocumentsApi);
  private readonly billing = inject(BillingApi);
  private readonly document = inject(DOCUMENT);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  /** route data: only documents of this kind (the municipality's internal recharges) */
  readonly kind = input<DocumentKind>();
  /** how a card payment ended, when Stripe sent the payer back here (`?payment=done|cancelled`) */
  readonly payment = input<string>();
  protected readonly documents = rxResource({
    params: () => ({ communityId: this.communityId(), kind: this.kind() }),
    stream: ({ params }) => this.api.list(params.communityId, params.kind),
  });
  protected readonly downloadError = signal<unknown>(undefined);
  private readonly cardPaymentsState = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.billing.cardPayments(params),
  });
  /** card payments are on only with the community's active connected Stripe account */
  protected readonly cardPayments = computed(
    () => this.cardPaymentsState.hasValue() && this.cardPaymentsState.value().enabled,
  );
  protected readonly paying = signal(false);

  protected async pay(doc: IssuedDocument): Promise<void> {
    this.paying.set(true);
    this.downloadError.set(undefined);
    try {
      const { url } = await firstValueFrom(this.billing.payDocument(this.communityId(), doc.id));
      this.document.location.assign(url);
    } catch (error) {
      this.downloadError.set(error);
      this.paying.set(false);
    }
  }

  /**
   * The number of the document a corrective document corrects: the original is in the same list (it has the same
   * parties, so whoever sees the correction sees it too); an unknown one is named by the generic word.
   */
  protected numberOf(documentId: string): string {
    return this.numbers().get(documentId) ?? this.i18n.t('documents.unknownOriginal');
  }

  private readonly numbers = computed(
    () => new Map((this.documents.hasValue() ? this.documents.value() : []).map((d) => [d.id, d.number])),
  );

  protected async download(doc: IssuedDocument, format: DocumentFormat): Promise<void> {
    this.downloadError.set(undefined);
    try {
      const blob = await firstValueFrom(this.api.file(this.communityId(), doc.id, format));
      saveBlob(blob, `${doc.number}.${format === 'pdf' ? 'pdf' : 'isdoc'}`);
    } catch (error) {
      this.downloadError.set(error);
    }
  }
}
