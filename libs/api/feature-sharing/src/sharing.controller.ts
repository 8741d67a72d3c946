import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentClaims, SessionCheckedInQuery, type SessionClaims } from '@sdilna/api/util-auth';
import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import { CompletenessService } from './completeness.service';
import { DiscrepanciesService } from './discrepancies.service';
import { CompletenessQueryDto, CompletenessView } from './dtos/completeness.dto';
import { DiscrepancyPageView, DiscrepancyQueryDto, PairDiscrepancyPageView } from './dtos/discrepancy.dto';
import { GroupsView, SharingGroupsQueryDto, SharingQueryDto, SharingView } from './dtos/sharing.dto';
import { SimulationRequestDto, SimulationView } from './dtos/simulation.dto';
import { SharingService } from './sharing.service';
import { SharingStatusView } from './dtos/sharing-status.dto';
import { SharingStatusService } from './sharing-status.service';
import { SimulationService } from './simulation.service';

@ApiTags('sharing')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'no such community, or not one of the caller' })
@Controller('communities/:communityId')
export class SharingController {
  constructor(
    private readonly sharingService: SharingService,
    private readonly completenessService: CompletenessService,
    private readonly discrepanciesService: DiscrepanciesService,
    private readonly simulationService: SimulationService,
    private readonly statusService: SharingStatusService,
  ) {}

  @Get('sharing/status')
  @ApiOkResponse({
    type: SharingStatusView,
    description:
      'whether stored sharing, reconciliation, simulations and settlement drafts are of the inputs valid now; the months a change (key, point in a group, request for iteration) made stale and whether their recompute runs',
  })
  status(@InCommunity() caller: CommunityCaller): Promise<SharingStatusView> {
    return this.statusService.status(caller.principal, caller.communityId);
  }

  @Get('sharing')
  @SessionCheckedInQuery()
  @ApiOkResponse({ type: SharingView, description: 'members see only their own points' })
  @ApiBadRequestResponse({ description: 'bad period or granularity' })
  sharing(
    @CurrentClaims() caller: SessionClaims,
    @Param('communityId', IdParamPipe) communityId: string,
    @Query() query: SharingQueryDto,
  ): Promise<SharingView> {
    return this.sharingService.sharing(caller, communityId, query);
  }

  @Get('sharing/groups')
  @SessionCheckedInQuery()
  @ApiOkResponse({
    type: GroupsView,
    description: 'administrators only: the group totals of GET .../sharing without the points',
  })
  @ApiBadRequestResponse({ description: 'bad period' })
  groups(
    @CurrentClaims() caller: SessionClaims,
    @Param('communityId', IdParamPipe) communityId: string,
    @Query() query: SharingGroupsQueryDto,
  ): Promise<GroupsView> {
    return this.sharingService.groups(caller, communityId, query);
  }

  @Get('completeness')
  @ApiOkResponse({ type: CompletenessView, description: 'members see only their own points' })
  completeness(
    @InCommunity() caller: CommunityCaller,
    @Query() query: CompletenessQueryDto,
  ): Promise<CompletenessView> {
    return this.completenessService.month(caller.principal, caller.communityId, query.month);
  }

  @Get('discrepancies')
  @ApiOkResponse({ type: DiscrepancyPageView, description: 'administrators only' })
  discrepancies(
    @InCommunity() caller: CommunityCaller,
    @Query() query: DiscrepancyQueryDto,
  ): Promise<DiscrepancyPageView> {
    return this.discrepanciesService.list(caller.principal, caller.communityId, query);
  }

  @Get('discrepancies/pairs')
  @ApiOkResponse({
    type: PairDiscrepancyPageView,
    description:
      "administrators only: intervals where EDC's pair report differs from the engine's pair results",
  })
  @ApiBadRequestResponse({ description: 'bad period, EAN, limit or offset' })
  pairDiscrepancies(
    @InCommunity() caller: CommunityCaller,
    @Query() query: DiscrepancyQueryDto,
  ): Promise<PairDiscrepancyPageView> {
    return this.discrepanciesService.pairs(caller.principal, caller.communityId, query);
  }

  @Post('simulations')
  @HttpCode(200)
  @ApiOkResponse({ type: SimulationView, description: 'administrators only; nothing is stored' })
  @ApiBadRequestResponse({ description: 'invalid key file (every problem listed in details) or period' })
  simulate(
    @InCommunity() caller: CommunityCaller,
    @Body() body: SimulationRequestDto,
  ): Promise<SimulationView> {
    return this.simulationService.simulate(caller.principal, caller.communityId, body);
  }
}
