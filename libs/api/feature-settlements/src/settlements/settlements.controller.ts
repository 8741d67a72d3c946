import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import {
  FinalizeSettlementDto,
  RequestSettlementDto,
  RunPreviewView,
  SettlementRunView,
  SettlementSettingsDto,
  SettlementSettingsView,
  SuggestedPeriodView,
} from './dtos/settlement.dto';
import { SettlementsService } from './settlements.service';

@ApiTags('settlement')
@ApiBearerAuth()
@Controller('communities/:communityId')
export class SettlementsController {
  constructor(private readonly settlements: SettlementsService) {}

  @Post('settlements')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Settle a month, recompute its draft, or re-bill a final month whose inputs changed',
    description:
      'No run yet: a draft (kind original). A draft: computed again from current data. A final month whose data, prices or keys changed (GET shows `revised`): a correction run (kind correction, correctsRunId: the latest final run) in draft, approved and finalised like any run; finalising issues one corrective document per affected document.',
  })
  @ApiAcceptedResponse({
    type: SettlementRunView,
    description: 'a draft run (original or correction); its lines are computed by a job (computeStatus)',
  })
  @ApiConflictResponse({
    description:
      'SETTLEMENT_DATA_INCOMPLETE: a new run of a month whose EDC data are missing or preliminary (details.points: EAN, label, missingDays, preliminaryDays; send settleAnyway: true to settle it as it is); SETTLEMENT_APPROVED: the month has an approved run (it is not reset; finalise it); NOTHING_TO_CORRECT: the month is final and nothing changed; SETTLEMENT_IN_PROGRESS: its draft is being computed',
  })
  request(
    @InCommunity() caller: CommunityCaller,
    @Body() body: RequestSettlementDto,
  ): Promise<SettlementRunView> {
    return this.settlements.request(
      caller.principal,
      caller.communityId,
      body.period,
      body.reason,
      body.settleAnyway === true,
    );
  }

  @Get('settlements')
  @ApiOkResponse({
    type: [SettlementRunView],
    description: 'runs without lines; members see final runs only',
  })
  list(@InCommunity() caller: CommunityCaller): Promise<SettlementRunView[]> {
    return this.settlements.list(caller.principal, caller.communityId);
  }

  // before settlements/:runId, which would take "suggested-period" for a run id
  @Get('settlements/suggested-period')
  @ApiOperation({
    summary: 'The month to settle next',
    description:
      'The newest month before the current one whose EDC data are complete and final for every registered metering point (the classification that refuses an incomplete month); the settlements page starts with it',
  })
  @ApiOkResponse({ type: SuggestedPeriodView })
  suggestedPeriod(@InCommunity() caller: CommunityCaller): Promise<SuggestedPeriodView> {
    return this.settlements.suggestedPeriod(caller.principal, caller.communityId);
  }

  @Get('settlements/:runId')
  @ApiOkResponse({
    type: SettlementRunView,
    description:
      'the run with its members and lines; a final run shows `revised` when its month changed since',
  })
  @ApiNotFoundResponse({ description: 'SETTLEMENT_NOT_FOUND' })
  get(
    @InCommunity() caller: CommunityCaller,
    @Param('runId', IdParamPipe) runId: string,
  ): Promise<SettlementRunView> {
    return this.settlements.get(caller.principal, caller.communityId, runId);
  }

  @Get('settlements/:runId/previews')
  @ApiOperation({
    summary: 'The documents finalising the run will issue',
    description:
      'Built by the code that issues them at finalising (not a second computation), unnumbered, with today as the issue date; and their sums per document kind',
  })
  @ApiOkResponse({ type: RunPreviewView })
  @ApiNotFoundResponse({ description: 'SETTLEMENT_NOT_FOUND' })
  @ApiConflictResponse({
    description: 'SETTLEMENT_NOT_COMPUTED: not computed yet; SETTLEMENT_FINAL: its documents are issued',
  })
  previews(
    @InCommunity() caller: CommunityCaller,
    @Param('runId', IdParamPipe) runId: string,
  ): Promise<RunPreviewView> {
    return this.settlements.previews(caller.principal, caller.communityId, runId);
  }

  @Post('settlements/:runId/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: SettlementRunView })
  @ApiConflictResponse({ description: 'SETTLEMENT_FINAL, SETTLEMENT_NOT_COMPUTED' })
  approve(
    @InCommunity() caller: CommunityCaller,
    @Param('runId', IdParamPipe) runId: string,
  ): Promise<SettlementRunView> {
    return this.settlements.approve(caller.principal, caller.communityId, runId);
  }

  @Post('settlements/:runId/finalize')
  @HttpCode(200)
  @ApiOkResponse({
    type: SettlementRunView,
    description: 'the final run; documents are issued and never change',
  })
  @ApiConflictResponse({
    description:
      'SETTLEMENT_FINAL, SETTLEMENT_NOT_APPROVED; NOTHING_TO_CORRECT: a correction run whose figures equal the settled ones',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'ISSUE_DATE_BEFORE_TAX_POINT: the issue date is before the DUZP; DOCUMENT_PARTIES_INCOMPLETE: parties lack an address, IČO, a DIČ agreeing with their VAT status or a self-billing agreement (details.parties names each); nothing is issued',
  })
  finalize(
    @InCommunity() caller: CommunityCaller,
    @Param('runId', IdParamPipe) runId: string,
    @Body() body: FinalizeSettlementDto,
  ): Promise<SettlementRunView> {
    return this.settlements.finalize(caller.principal, caller.communityId, runId, body?.issueDate);
  }

  @Get('settlement-settings')
  @ApiOkResponse({ type: SettlementSettingsView })
  getSettings(@InCommunity() caller: CommunityCaller): Promise<SettlementSettingsView> {
    return this.settlements.getSettings(caller.principal, caller.communityId);
  }

  @Put('settlement-settings')
  @ApiOkResponse({
    type: SettlementSettingsView,
    description:
      'mode, bank account (for QR payments), due days, DIČ, VAT statuses from each day, the DUZP rule',
  })
  saveSettings(
    @InCommunity() caller: CommunityCaller,
    @Body() body: SettlementSettingsDto,
  ): Promise<SettlementSettingsView> {
    return this.settlements.saveSettings(caller.principal, caller.communityId, body);
  }
}
