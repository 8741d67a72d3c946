import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONNECT_STATUSES,
  type BillingRedirectResponse,
  type BillingStatusResponse,
  type CardPaymentsResponse,
  type ConnectStatus,
  type ConnectStatusResponse,
} from '@sdilna/shared/util-api-contract';

export class RedirectView implements BillingRedirectResponse {
  @ApiProperty({ description: 'where to send the browser (Stripe Checkout or the customer portal)' })
  url!: string;
}

export class ConnectStatusView implements ConnectStatusResponse {
  @ApiProperty({
    enum: CONNECT_STATUSES,
    description: "the community's own Stripe account: members pay documents by card only when it is active",
  })
  status!: ConnectStatus;
  @ApiPropertyOptional({ example: 'acct_1Nv0FGQ9RKHgCVdK' }) accountId?: string;
  @ApiProperty({ description: "the platform's fee on each card payment, in basis points (100 = 1 %)" })
  applicationFeeBp!: number;
}

export class BillingStatusView implements BillingStatusResponse {
  @ApiProperty() enabled!: boolean;
  @ApiPropertyOptional() subscriptionStatus?: string;
  @ApiPropertyOptional() meteringPoints?: number;
  @ApiPropertyOptional() currentPeriodEnd?: string;
  @ApiPropertyOptional({ type: ConnectStatusView, description: 'absent while billing is off' })
  connect?: ConnectStatusView;
}

export class CardPaymentsView implements CardPaymentsResponse {
  @ApiProperty({ description: "true when the community's connected Stripe account takes card payments" })
  enabled!: boolean;
}

export class WebhookAnswer {
  @ApiProperty() received!: boolean;
  @ApiProperty({ description: 'true when the event was processed before; nothing changed' })
  duplicate!: boolean;
  @ApiPropertyOptional({ description: 'why an event changed nothing' }) ignored?: string;
}
