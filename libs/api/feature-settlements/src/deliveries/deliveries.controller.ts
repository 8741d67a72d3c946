import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import { DeliveriesService } from './deliveries.service';
import { DeliveryView } from './dtos/delivery.dto';

@ApiTags('settlement')
@ApiBearerAuth()
@Controller('communities/:communityId')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get('settlements/:runId/deliveries')
  @ApiOkResponse({
    type: [DeliveryView],
    description:
      "administrators: each document of a final run and its delivery by e-mail (members without an e-mail are 'no-address')",
  })
  @ApiNotFoundResponse({ description: 'SETTLEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SETTLEMENT_NOT_APPROVED: the run is not final' })
  list(
    @InCommunity() caller: CommunityCaller,
    @Param('runId', IdParamPipe) runId: string,
  ): Promise<DeliveryView[]> {
    return this.deliveries.listOfRun(caller.principal, caller.communityId, runId);
  }

  @Post('settlements/:runId/deliveries/resend')
  @HttpCode(200)
  @ApiOkResponse({
    type: [DeliveryView],
    description:
      "resends every document that was not delivered ('failed', or 'no-address' whose member has an e-mail now)",
  })
  @ApiNotFoundResponse({ description: 'SETTLEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SETTLEMENT_NOT_APPROVED: the run is not final' })
  resendRun(
    @InCommunity() caller: CommunityCaller,
    @Param('runId', IdParamPipe) runId: string,
  ): Promise<DeliveryView[]> {
    return this.deliveries.resendRun(caller.principal, caller.communityId, runId);
  }

  @Post('documents/:documentId/delivery/resend')
  @HttpCode(200)
  @ApiOkResponse({
    type: DeliveryView,
    description:
      "mails the document again to its member's current e-mail (one mail however often it is asked while queued)",
  })
  @ApiNotFoundResponse({ description: 'DOCUMENT_NOT_FOUND' })
  resendDocument(
    @InCommunity() caller: CommunityCaller,
    @Param('documentId', IdParamPipe) documentId: string,
  ): Promise<DeliveryView> {
    return this.deliveries.resendDocument(caller.principal, caller.communityId, documentId);
  }
}
