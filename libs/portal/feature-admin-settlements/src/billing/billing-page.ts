import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';

import { BillingApi } from '@sdilna/portal/data-access-community';
import { ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';
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
      }
    }
    <sd-api-error [error]="error()" />
  `,
})
export class BillingPage {
  private readonly api = inject(BillingApi);
  private readonly document = inject(DOCUMENT);
  readonly communityId = input.required<string>();
  /** how Stripe Checkout ended, when Stripe sent the administrator back here (`?checkout=done|cancelled`) */
  readonly checkout = input<string>();
  protected readonly status = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.status(params),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(undefined);

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
