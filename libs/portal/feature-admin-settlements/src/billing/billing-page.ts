import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';

import { BillingApi } from '@sdilna/portal/data-access-community';
import { ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';
import type { BillingRedirect } from '@sdilna/shared/util-api-contract';

/** The community's Sdílna subscription; payment happens on Stripe's pages, never in the portal. */
@Component({
  selector: 'sd-billing-page',
  imports: [TranslatePipe, ApiErrorMessage, LocalDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'billing.title' | t }}</h1>
    @if (checkout() === 'done' || checkout() === 'cancelled') {
      <p class="notice" role="status" data-testid="billing-checkout">
        {{ 'billing.checkout.' + checkout() | t }}
      </p>
    }
    <sd-api-error [error]="status.error()" />
    @if (status.hasValue() ? status.value() : undefined; as s) {
      @if (!s.enabled) {
        <p class="notice" data-testid="billing-disabled">{{ 'billing.disabled' | t }}</p>
      } @else {
        <dl>
          <dt>{{ 'billing.status' | t }}</dt>
          <dd data-testid="billing-status">{{ s.subscriptionStatus ?? ('billing.none' | t) }}</dd>
          @if (s.meteringPoints !== undefined) {
            <dt>{{ 'billing.points' | t }}</dt>
            <dd>{{ s.meteringPoints }}</dd>
          }
          @if (s.currentPeriodEnd) {
            <dt>{{ 'billing.periodEnd' | t }}</dt>
            <dd>{{ s.currentPeriodEnd | sdDate }}</dd>
          }
        </dl>
        <div class="actions">
          @if (s.subscriptionStatus) {
            <button type="button" (click)="go('portal')" [disabled]="busy()">
              {{ 'billing.portal' | t }}
            </button>
          } @else {
            <button type="button" class="primary" (click)="go('checkout')" [disabled]="busy()">
              {{ 'billing.subscribe' | t }}
            </button>
          }
        </div>
        @if (s.connect; as account) {
          <section aria-labelledby="connect-title" data-testid="billing-connect">
            <h2 id="connect-title">{{ 'billing.connect.title' | t }}</h2>
            @if (connect() === 'done' || connect() === 'refresh') {
              <!-- back from Stripe with the account approved already: say so, not "once Stripe approves" -->
              <p class="notice" role="status" data-testid="billing-connect-notice">
                {{
                  (account.status === 'active' ? 'billing.connect.connected' : 'billing.connect.' + connect())
                    | t
                }}
              </p>
            }
            <p>{{ 'billing.connect.lead' | t: { percent: percent(account.applicationFeeBp) } }}</p>
            <dl>
              <dt>{{ 'billing.connect.status' | t }}</dt>
              <dd data-testid="billing-connect-status">
                {{ 'billing.connect.state.' + account.status | t }}
              </dd>
            </dl>
            @if (account.status !== 'active') {
              <div class="actions">
                <button type="button" (click)="go('connect')" [disabled]="busy()">
                  {{
                    (account.status === 'onboarding' ? 'billing.connect.continue' : 'billing.connect.start')
                      | t
                  }}
                </button>
              </div>
            }
          </section>
        }
      }
    }
    <sd-api-error [error]="error()" />
  `,
})
export class BillingPage {
  private readonly api = inject(BillingApi);
  private readonly document = inject(DOCUMENT);
  private readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  /** how Stripe Checkout ended, when Stripe sent the administrator back here (`?checkout=done|cancelled`) */
  readonly checkout = input<string>();
  /** back from Stripe Connect onboarding (`?connect=done|refresh`) */
  readonly connect = input<string>();
  protected readonly status = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.status(params),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(undefined);

  /** basis points as a percentage in the page's words ("1", "2,5") */
  protected percent(bp: number): string {
    return new Intl.NumberFormat(this.i18n.language() === 'en' ? 'en' : 'cs-CZ', {
      maximumFractionDigits: 2,
    }).format(bp / 100);
  }

  protected async go(target: BillingRedirect): Promise<void> {
    this.busy.set(true);
    this.error.set(undefined);
    try {
      const { url } = await firstValueFrom(this.api.redirect(this.communityId(), target));
      this.document.location.assign(url);
    } catch (error) {
      this.error.set(error);
      this.busy.set(false);
    }
  }
}
