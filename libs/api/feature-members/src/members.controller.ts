import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import {
  type CommunityCaller,
  CsvImportRoute,
  CsvUpload,
  IdParamPipe,
  ImportReport,
  InCommunity,
  pageRequest,
} from '@sdilna/api/util-registry';

import {
  CreateMemberDto,
  MemberListQueryDto,
  MemberPage,
  MemberVatStatusesDto,
  MemberView,
  UpdateMemberDto,
} from './dtos/member.dto';
import { MembersService } from './members.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('communities/:communityId/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOkResponse({
    type: MemberPage,
    description:
      'admins see every member; a member its own record; an accountant the municipality and its units',
  })
  list(@InCommunity() caller: CommunityCaller, @Query() query: MemberListQueryDto): Promise<MemberPage> {
    return this.members.list(caller.principal, caller.communityId, query, pageRequest(query));
  }

  @RequireCommunityRole('community-admin')
  @Post()
  @ApiCreatedResponse({ type: MemberView })
  @ApiUnprocessableEntityResponse({
    description:
      'RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE, VOTE_SHARE_EXCEEDED (checked on every date from today on), MEMBER_PARENT_INVALID, VOTING_NOT_APPLICABLE, ENTERPRISE_SIZE_CONFLICT, SME_DECLARATION_MISSING, ENTERPRISE_MAY_NOT_VOTE, VOTER_NOT_LOCAL',
  })
  create(@InCommunity() caller: CommunityCaller, @Body() body: CreateMemberDto): Promise<MemberView> {
    return this.members.create(caller.principal, caller.communityId, body);
  }

  @RequireCommunityRole('community-admin')
  @Post('import')
  @CsvImportRoute({
    columns:
      'name, kind, email, phone, address, ico, dic, vatStatus, vatPayer, selfBillingAgreedOn, votes, enterpriseSize, orp, parentIco, joinedOn, leftOn',
    example: 'name;kind;ico\nObec Lomnice nad Lužnicí;municipality;00245381\nZŠ Lomnice;municipal-unit;\n',
  })
  import(@InCommunity() caller: CommunityCaller, @CsvUpload() csv: string): Promise<ImportReport> {
    return this.members.import(caller.principal, caller.communityId, csv);
  }

  @Get(':memberId')
  @ApiOkResponse({ type: MemberView })
  @ApiNotFoundResponse({ description: 'MEMBER_NOT_FOUND, also for members the caller may not see' })
  get(
    @InCommunity() caller: CommunityCaller,
    @Param('memberId', IdParamPipe) memberId: string,
  ): Promise<MemberView> {
    return this.members.get(caller.principal, caller.communityId, memberId);
  }

  @RequireCommunityRole('community-admin')
  @Patch(':memberId')
  @ApiOkResponse({ type: MemberView })
  update(
    @InCommunity() caller: CommunityCaller,
    @Param('memberId', IdParamPipe) memberId: string,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberView> {
    return this.members.update(caller.principal, caller.communityId, memberId, body);
  }

  @RequireCommunityRole('community-admin')
  @Put(':memberId/vat-statuses')
  @ApiOperation({
    summary: "Replace a member's dated VAT statuses",
    description:
      'The whole history (payer, identified-person or non-payer from each day, with the DIČ of a registered status). Documents follow the status on their DUZP; the days from the first change on are re-priced: drafts are recomputed, a month with final documents changes only asCorrection.',
  })
  @ApiOkResponse({ type: MemberView })
  @ApiUnprocessableEntityResponse({
    description:
      'VAT_PAYER_NEEDS_DIC, VAT_STATUS_INVALID: a DIČ contradicting its status, or two rows on one day',
  })
  @ApiConflictResponse({ description: 'PERIOD_HAS_FINAL_DOCUMENTS: the change reaches a settled month' })
  replaceVatStatuses(
    @InCommunity() caller: CommunityCaller,
    @Param('memberId', IdParamPipe) memberId: string,
    @Body() body: MemberVatStatusesDto,
  ): Promise<MemberView> {
    return this.members.replaceVatStatuses(caller.principal, caller.communityId, memberId, body);
  }

  @RequireCommunityRole('community-admin')
  @Delete(':memberId')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'deleted; a member with points answers 409 MEMBER_IN_USE (set leftOn instead)',
  })
  remove(
    @InCommunity() caller: CommunityCaller,
    @Param('memberId', IdParamPipe) memberId: string,
  ): Promise<void> {
    return this.members.remove(caller.principal, caller.communityId, memberId);
  }
}
