import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import { type CommunityCaller, InCommunity } from '@sdilna/api/util-registry';

import { DashboardQueryDto, DashboardView } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('sharing')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'no such community, or not one of the caller' })
@Controller('communities/:communityId')
export class DashboardController {
  constructor(private readonly dashboardService: DashboardService) {}

  @Get('dashboard')
  @ApiOkResponse({
    type: DashboardView,
    description:
      "the administrator's overview: finished imports and what needs attention, as codes with parameters (the portal words them)",
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: staleAfterDays is not a whole number 1–365' })
  @ApiForbiddenResponse({ description: 'administrators only' })
  dashboard(
    @InCommunity() caller: CommunityCaller,
    @Query() query: DashboardQueryDto,
  ): Promise<DashboardView> {
    return this.dashboardService.dashboard(caller.principal, caller.communityId, query.staleAfterDays);
  }
}
