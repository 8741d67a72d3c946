import { Body, Controller, Get, Param, Post, Put, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { Response } from 'express';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';
import type { PayeeAccountRequest, PayoutCandidateResponse } from '@sdilna/shared/util-api-contract';

import { PayoutExportView, PayoutRequestDto } from '../payments.dto';
import { PayoutsService } from './payouts.service';

export class PayeeAccountDto implements PayeeAccountRequest {
  @IsString()
  @Length(5, 42)
  account!: string;
}

@ApiTags('payments')
@ApiBearerAuth()
@Controller('communities/:communityId/payouts')
export class PayoutsController {
  constructor(private readonly payouts: PayoutsService) {}

  @Get('candidates')
  @ApiOkResponse({
    description: 'self-billed documents and credit notes with something left to pay, and where',
  })
  candidates(@InCommunity() caller: CommunityCaller): Promise<PayoutCandidateResponse[]> {
    return this.payouts.candidates(caller.principal, caller.communityId);
  }

  @Put('accounts/:memberId')
  @RequireCommunityRole('community-admin')
  @ApiOkResponse({ description: 'the account the producer is paid to (IBAN or Czech account); audited' })
  @ApiUnprocessableEntityResponse({ description: 'PAYOUT_ACCOUNT_INVALID' })
  @ApiNotFoundResponse({ description: 'MEMBER_NOT_FOUND' })
  saveAccount(
    @InCommunity() caller: CommunityCaller,
    @Param('memberId', IdParamPipe) memberId: string,
    @Body() body: PayeeAccountDto,
  ): Promise<{ memberId: string; iban: string }> {
    return this.payouts.saveAccount(caller.principal, caller.communityId, memberId, body.account);
  }

  @Post()
  @RequireCommunityRole('community-admin')
  @ApiCreatedResponse({
    type: PayoutExportView,
    description: 'a payment order of the documents; they are marked exported and left out of the next one',
  })
  @ApiConflictResponse({ description: 'NOTHING_TO_PAY_OUT' })
  @ApiUnprocessableEntityResponse({
    description: 'PAYOUT_ACCOUNT_MISSING: the community or a producer has no account',
  })
  create(@InCommunity() caller: CommunityCaller, @Body() body: PayoutRequestDto): Promise<PayoutExportView> {
    return this.payouts.create(caller.principal, caller.communityId, body) as Promise<PayoutExportView>;
  }

  @Get()
  @ApiOkResponse({ type: [PayoutExportView], description: 'payment orders, newest first' })
  list(@InCommunity() caller: CommunityCaller): Promise<PayoutExportView[]> {
    return this.payouts.list(caller.principal, caller.communityId) as Promise<PayoutExportView[]>;
  }

  @Get(':payoutId/file')
  @ApiProduces('application/xml', 'text/plain')
  @ApiOkResponse({ description: 'the payment order file for the bank (pain.001 XML or ABO)' })
  @ApiNotFoundResponse({ description: 'PAYOUT_NOT_FOUND' })
  async file(
    @InCommunity() caller: CommunityCaller,
    @Param('payoutId', IdParamPipe) payoutId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.payouts.file(caller.principal, caller.communityId, payoutId);
    response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(Buffer.from(file.content, 'utf8'), { type: file.contentType });
  }
}
