import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BillingRedirectResponse, BillingStatusResponse } from '@sdilna/shared/util-api-contract';

export class RedirectView implements BillingRedirectResponse {
  @ApiProperty({ description: 'where to send the browser (Stripe Checkout or the customer portal)' })
  url!: string;
}

export class BillingStatusView implements BillingStatusResponse {
  @ApiProperty() enabled!: boolean;
  @ApiPropertyOptional() subscriptionStatus?: string;
  @ApiPropertyOptional() meteringPoints?: number;
  @ApiPropertyOptional() currentPeriodEnd?: string;
}

export class WebhookAnswer {
  @ApiProperty() received!: boolean;
  @ApiProperty({ description: 'true when the event was processed before; nothing changed' })
  duplicate!: boolean;
  @ApiPropertyOptional({ description: 'why an event changed nothing' }) ignored?: string;
}
