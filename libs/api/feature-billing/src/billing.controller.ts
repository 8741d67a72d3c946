import { Controller, Get, Headers, HttpCode, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { Public } from '@sdilna/api/util-http';
import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import { BillingException } from './billing.exception';
import { BillingService } from './billing.service';
import { BillingStatusView, CardPaymentsView, RedirectView, WebhookAnswer } from './dtos/billing.dto';

@ApiTags('billing')
@Controller()
export class BillingController {
  constructor(private readonly billing: BillingService) {}

  @Get('communities/:communityId/billing')
  @ApiBearerAuth()
  @ApiOkResponse({ type: BillingStatusView })
  status(@InCommunity() caller: CommunityCaller): Promise<BillingStatusView> {
    return this.billing.status(caller.principal, caller.communityId);
  }

  @Post('communities/:communityId/billing/checkout')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({
    type: RedirectView,
    description: 'Stripe Checkout for the subscription (price per active metering point)',
  })
  @ApiConflictResponse({ description: 'BILLING_DISABLED: no Stripe key configured' })
  subscribe(@InCommunity() caller: CommunityCaller): Promise<RedirectView> {
    return this.billing.subscribe(caller.principal, caller.communityId);
  }

  @Post('communities/:communityId/billing/portal')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({
    type: RedirectView,
    description: "Stripe's customer portal for the community's subscription",
  })
  portal(@InCommunity() caller: CommunityCaller): Promise<RedirectView> {
    return this.billing.portal(caller.principal, caller.communityId);
  }

  @Post('communities/:communityId/billing/connect')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({
    type: RedirectView,
    description:
      "Stripe Connect onboarding of the community's own (Express) account, which receives members' card payments",
  })
  @ApiConflictResponse({ description: 'BILLING_DISABLED: no Stripe key configured' })
  connect(@InCommunity() caller: CommunityCaller): Promise<RedirectView> {
    return this.billing.connect(caller.principal, caller.communityId);
  }

  @Get('communities/:communityId/card-payments')
  @ApiBearerAuth()
  @ApiOkResponse({
    type: CardPaymentsView,
    description:
      "for anyone of the community: whether documents can be paid by card (the portal's pay button)",
  })
  cardPayments(@InCommunity() caller: CommunityCaller): Promise<CardPaymentsView> {
    return this.billing.cardPayments(caller.principal, caller.communityId);
  }

  @Post('communities/:communityId/documents/:documentId/pay')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({
    type: RedirectView,
    description:
      "Stripe Checkout to pay the document by card to the community's connected account (the platform's fee as application fee); the payment is recorded by the webhook",
  })
  @ApiConflictResponse({
    description:
      'CARD_PAYMENTS_OFF: the community has no active connected Stripe account; DOCUMENT_ALREADY_PAID: something of it is paid already (a card pays the whole gross)',
  })
  pay(
    @InCommunity() caller: CommunityCaller,
    @Param('documentId', IdParamPipe) documentId: string,
  ): Promise<RedirectView> {
    return this.billing.payDocument(caller.principal, caller.communityId, documentId);
  }

  @Public()
  @Post('billing/webhook')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookAnswer })
  @ApiBadRequestResponse({ description: 'WEBHOOK_SIGNATURE_INVALID' })
  webhook(
    @Req() request: RawBodyRequest<Request>,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<WebhookAnswer> {
    // The signature covers the exact bytes Stripe sent; the application must be created with `rawBody: true`.
    if (request.rawBody === undefined) {
      throw new BillingException(
        'WEBHOOK_SIGNATURE_INVALID',
        'The raw request body is not available to verify the signature',
      );
    }
    return this.billing.webhook(request.rawBody, signature);
  }
}
