import { Body, Controller, Get, Param, Post, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import { ConsentsDto, ErasureDto, RecordConsentDto } from './dtos/privacy.dto';
import { PrivacyService } from './privacy.service';

/** A member's personal-data rights: the member itself (its own record) or an administrator. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('communities/:communityId/members/:memberId')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('consents')
  @ApiOkResponse({ type: ConsentsDto })
  @ApiNotFoundResponse({ description: 'MEMBER_NOT_FOUND, also for members the caller may not see' })
  consents(
    @InCommunity() caller: CommunityCaller,
    @Param('memberId', IdParamPipe) memberId: string,
  ): Promise<ConsentsDto> {
    return this.privacy.consents(caller.principal, caller.communityId, memberId);
  }

  @Post('consents')
  @ApiCreatedResponse({
    type: ConsentsDto,
    description: 'recorded with the terms version in force and the time',
  })
  @ApiNotFoundResponse({ description: 'MEMBER_NOT_FOUND' })
  recordConsent(
    @InCommunity() caller: CommunityCaller,
    @Param('memberId', IdParamPipe) memberId: string,
    @Body() body: RecordConsentDto,
  ): Promise<ConsentsDto> {
    return this.privacy.recordConsent(
      caller.principal,
      caller.communityId,
      memberId,
      body.kind,
      body.granted,
    );
  }

  @Get('personal-data')
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description: 'everything stored about the member: data.json and tables/<table>.csv in a ZIP',
  })
  @ApiNotFoundResponse({ description: 'MEMBER_NOT_FOUND' })
  async export(
    @InCommunity() caller: CommunityCaller,
    @Param('memberId', IdParamPipe) memberId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { fileName, zip } = await this.privacy.export(caller.principal, caller.communityId, memberId);
    response.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return new StreamableFile(Buffer.from(zip), { type: 'application/zip' });
  }

  @RequireCommunityRole('community-admin')
  @Post('erasure')
  @ApiCreatedResponse({ type: ErasureDto })
  @ApiConflictResponse({ description: 'MEMBER_STILL_ACTIVE: set leftOn first' })
  @ApiNotFoundResponse({ description: 'MEMBER_NOT_FOUND' })
  erase(
    @InCommunity() caller: CommunityCaller,
    @Param('memberId', IdParamPipe) memberId: string,
  ): Promise<ErasureDto> {
    return this.privacy.erase(caller.principal, caller.communityId, memberId);
  }
}
