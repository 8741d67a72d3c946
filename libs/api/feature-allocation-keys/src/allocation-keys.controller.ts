import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import {
  ClosePeriodDto,
  type CommunityCaller,
  IdParamPipe,
  InCommunity,
  pageRequest,
} from '@sdilna/api/util-registry';
import type { KeyFile } from '@sdilna/shared/domain-allocation';

import { AllocationKeysService } from './allocation-keys.service';
import {
  AllocationKeyListQueryDto,
  AllocationKeyPage,
  AllocationKeyView,
  CreateAllocationKeyDto,
  KeyFileView,
} from './dtos/allocation-key.dto';

@ApiTags('allocation-keys')
@ApiBearerAuth()
@Controller('communities/:communityId/allocation-keys')
export class AllocationKeysController {
  constructor(private readonly keys: AllocationKeysService) {}

  @RequireCommunityRole('community-admin')
  @Get()
  @ApiOkResponse({
    type: AllocationKeyPage,
    description:
      'key versions, newest first: the history of a group with ?sharingGroupId= (community administrators only)',
  })
  list(
    @InCommunity() caller: CommunityCaller,
    @Query() query: AllocationKeyListQueryDto,
  ): Promise<AllocationKeyPage> {
    return this.keys.list(caller.principal, caller.communityId, query, pageRequest(query));
  }

  @RequireCommunityRole('community-admin')
  @Post()
  @ApiCreatedResponse({ type: AllocationKeyView })
  @ApiConflictResponse({
    description:
      'KEY_PERIOD_OVERLAP; KEY_METHOD_CONTRADICTS_ITERATION (the method disagrees with the request for iteration recorded for the group; the message says what to change); PERIOD_HAS_FINAL_DOCUMENTS (details { months, documents }): a month of the key has final documents',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'INVALID_KEY_FILE, PRODUCER_SHARE_OVER_100, TOO_MANY_PRODUCERS_PER_CONSUMER, KEY_ROUNDS_NOT_EDC (details { rounds, edcRounds }), GROUP_NEEDS_PRODUCTION_POINT, KEY_POINT_NOT_IN_GROUP; details.issues names each entry',
  })
  create(
    @InCommunity() caller: CommunityCaller,
    @Body() body: CreateAllocationKeyDto,
  ): Promise<AllocationKeyView> {
    return this.keys.create(caller.principal, caller.communityId, body);
  }

  @RequireCommunityRole('community-admin')
  @Patch(':keyId')
  @ApiOkResponse({
    type: AllocationKeyView,
    description:
      'ends the key version on validTo (inclusive) or moves its end; the next version may start the day after. The months whose sharing changes are marked stale and recomputed (GET …/sharing/status)',
  })
  @ApiConflictResponse({
    description:
      'KEY_PERIOD_OVERLAP (a longer period would reach the next version); KEY_METHOD_CONTRADICTS_ITERATION; PERIOD_HAS_FINAL_DOCUMENTS (details { months, documents }); CORRECTION_NOT_SUPPORTED',
  })
  @ApiUnprocessableEntityResponse({
    description: 'INVALID_PERIOD: validTo before validFrom; nothing changed',
  })
  close(
    @InCommunity() caller: CommunityCaller,
    @Param('keyId', IdParamPipe) keyId: string,
    @Body() body: ClosePeriodDto,
  ): Promise<AllocationKeyView> {
    return this.keys.close(caller.principal, caller.communityId, keyId, body);
  }

  @RequireCommunityRole('community-admin')
  @Get(':keyId')
  @ApiOkResponse({ type: AllocationKeyView })
  get(
    @InCommunity() caller: CommunityCaller,
    @Param('keyId', IdParamPipe) keyId: string,
  ): Promise<AllocationKeyView> {
    return this.keys.get(caller.principal, caller.communityId, keyId);
  }

  @RequireCommunityRole('community-admin')
  @Get(':keyId/export')
  @ApiOkResponse({
    type: KeyFileView,
    description:
      'the key file (contract.md section 1) as a download; it states the method and no rounds (EDC derives them from the group)',
  })
  async export(
    @InCommunity() caller: CommunityCaller,
    @Param('keyId', IdParamPipe) keyId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<KeyFile> {
    const { file, validFrom } = await this.keys.export(caller.principal, caller.communityId, keyId);
    response.setHeader('Content-Disposition', `attachment; filename="allocation-key-${validFrom}.json"`);
    return file;
  }

  @RequireCommunityRole('community-admin')
  @Get(':keyId/export/edc')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    type: String,
    description:
      'the key as EDC\'s group registration expects it (docs/keys.md, "EDC registration table"): one row per pair, `;`, decimal comma, two decimals, UTF-8 with BOM, CRLF; an assumed layout',
  })
  async exportEdc(
    @InCommunity() caller: CommunityCaller,
    @Param('keyId', IdParamPipe) keyId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const { csv, validFrom } = await this.keys.exportEdc(caller.principal, caller.communityId, keyId);
    // set only on success: an error answers JSON like every other error
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="allocation-key-${validFrom}.edc.csv"`);
    return csv;
  }
}
