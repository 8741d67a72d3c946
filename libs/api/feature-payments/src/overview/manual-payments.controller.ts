import { Body, Controller, Delete, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';
import type { DocumentPaymentResponse } from '@sdilna/shared/util-api-contract';

import { ManualPaymentDto } from '../payments.dto';
import { PaymentsOverviewService } from './payments-overview.service';

/** Payments the administrator records by hand: cash, a transfer Sdílna has no statement of. */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('communities/:communityId/documents/:documentId/payments')
export class ManualPaymentsController {
  constructor(private readonly overview: PaymentsOverviewService) {}

  @Post()
  @RequireCommunityRole('community-admin')
  @ApiCreatedResponse({ description: "the document's payment state with the payment; audited" })
  @ApiNotFoundResponse({ description: 'DOCUMENT_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: 'MANUAL_PAYMENT_INVALID (paid on a future day)' })
  record(
    @InCommunity() caller: CommunityCaller,
    @Param('documentId', IdParamPipe) documentId: string,
    @Body() body: ManualPaymentDto,
  ): Promise<DocumentPaymentResponse> {
    return this.overview.recordManual(caller.principal, caller.communityId, documentId, body);
  }

  @Delete(':paymentId')
  @RequireCommunityRole('community-admin')
  @ApiOkResponse({ description: "the document's payment state without it; audited" })
  @ApiNotFoundResponse({ description: 'DOCUMENT_NOT_FOUND, PAYMENT_NOT_FOUND (none recorded by hand)' })
  remove(
    @InCommunity() caller: CommunityCaller,
    @Param('documentId', IdParamPipe) documentId: string,
    @Param('paymentId', IdParamPipe) paymentId: string,
  ): Promise<DocumentPaymentResponse> {
    return this.overview.removeManual(caller.principal, caller.communityId, documentId, paymentId);
  }
}
