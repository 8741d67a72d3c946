import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import { type CommunityCaller, InCommunity } from '@sdilna/api/util-registry';

import { MissedSharingQueryDto, MissedSharingView } from './missed-sharing.dto';
import { MissedSharingService } from './missed-sharing.service';

@ApiTags('sharing')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'no such community, or not one of the caller' })
@Controller('communities/:communityId')
export class MissedSharingController {
  constructor(private readonly missed: MissedSharingService) {}

  @Get('missed-sharing')
  @ApiOkResponse({
    type: MissedSharingView,
    description:
      'per consumption point and member: energy exported to the grid by the group while the point drew from it in the same interval (docs/keys.md, "Missed sharing"); members see only their own points',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: month is not YYYY-MM' })
  month(
    @InCommunity() caller: CommunityCaller,
    @Query() query: MissedSharingQueryDto,
  ): Promise<MissedSharingView> {
    return this.missed.month(caller.principal, caller.communityId, query.month);
  }
}
