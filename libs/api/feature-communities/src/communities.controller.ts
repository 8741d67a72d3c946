import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { CurrentUser, type Principal } from '@sdilna/api/util-auth';
import { mailLanguageOf } from '@sdilna/api/util-mail';
import {
  ClosePeriodDto,
  type CommunityCaller,
  IdParamPipe,
  InCommunity,
  LocalDateParamPipe,
  pageRequest,
} from '@sdilna/api/util-registry';

import { CommunitiesService } from './communities.service';
import { AuditPage, AuditQueryDto } from './dtos/audit.dto';
import { CommunityView, CreateCommunityDto, MyCommunityView, UpdateCommunityDto } from './dtos/community.dto';
import { CreateInvitationDto, InvitationView } from './dtos/invitation.dto';
import {
  CreateSharingGroupDto,
  SetIterationDto,
  SharingGroupIterationView,
  SharingGroupView,
  UpdateSharingGroupDto,
} from './dtos/sharing-group.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('communities')
@ApiBearerAuth()
@Controller('communities')
export class CommunitiesController {
  constructor(
    private readonly communities: CommunitiesService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [MyCommunityView], description: "the caller's communities with the caller's roles" })
  listMine(@CurrentUser() principal: Principal): Promise<MyCommunityView[]> {
    return this.communities.listMine(principal);
  }

  @Post()
  @ApiCreatedResponse({ type: CommunityView, description: 'another community administered by the caller' })
  create(@CurrentUser() principal: Principal, @Body() body: CreateCommunityDto): Promise<CommunityView> {
    return this.communities.create(principal, body);
  }

  @Get(':communityId')
  @ApiOkResponse({ type: CommunityView })
  @ApiNotFoundResponse({ description: 'no such community, or not one of the caller' })
  get(@InCommunity() caller: CommunityCaller): Promise<CommunityView> {
    return this.communities.get(caller.principal, caller.communityId);
  }

  @RequireCommunityRole('community-admin')
  @Patch(':communityId')
  @ApiOkResponse({ type: CommunityView })
  update(@InCommunity() caller: CommunityCaller, @Body() body: UpdateCommunityDto): Promise<CommunityView> {
    return this.communities.update(caller.principal, caller.communityId, body);
  }

  @Get(':communityId/sharing-groups')
  @ApiOkResponse({ type: [SharingGroupView] })
  listGroups(@InCommunity() caller: CommunityCaller): Promise<SharingGroupView[]> {
    return this.communities.listGroups(caller.principal, caller.communityId);
  }

  @RequireCommunityRole('community-admin')
  @Post(':communityId/sharing-groups')
  @ApiCreatedResponse({ type: SharingGroupView })
  createGroup(
    @InCommunity() caller: CommunityCaller,
    @Body() body: CreateSharingGroupDto,
  ): Promise<SharingGroupView> {
    return this.communities.createGroup(caller.principal, caller.communityId, body);
  }

  @RequireCommunityRole('community-admin')
  @Patch(':communityId/sharing-groups/:groupId')
  @ApiOkResponse({ type: SharingGroupView })
  updateGroup(
    @InCommunity() caller: CommunityCaller,
    @Param('groupId', IdParamPipe) groupId: string,
    @Body() body: UpdateSharingGroupDto,
  ): Promise<SharingGroupView> {
    return this.communities.updateGroup(caller.principal, caller.communityId, groupId, body);
  }

  @Get(':communityId/sharing-groups/:groupId/iteration')
  @ApiOkResponse({
    type: SharingGroupIterationView,
    description: "whether the group asked EDC for iteration: today's value and every period",
  })
  @ApiNotFoundResponse({ description: 'SHARING_GROUP_NOT_FOUND' })
  getIteration(
    @InCommunity() caller: CommunityCaller,
    @Param('groupId', IdParamPipe) groupId: string,
  ): Promise<SharingGroupIterationView> {
    return this.communities.getIteration(caller.principal, caller.communityId, groupId);
  }

  @RequireCommunityRole('community-admin')
  @Put(':communityId/sharing-groups/:groupId/iteration')
  @ApiOkResponse({
    type: SharingGroupIterationView,
    description:
      'records from validFrom whether the group asked EDC for iteration; EDC derives the rounds from it (domain.md §3.2)',
  })
  @ApiNotFoundResponse({ description: 'SHARING_GROUP_NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'ITERATION_PERIOD_CONFLICT: validFrom before the latest period; PERIOD_HAS_FINAL_DOCUMENTS: a month from validFrom on has final documents',
  })
  setIteration(
    @InCommunity() caller: CommunityCaller,
    @Param('groupId', IdParamPipe) groupId: string,
    @Body() body: SetIterationDto,
  ): Promise<SharingGroupIterationView> {
    return this.communities.setIteration(caller.principal, caller.communityId, groupId, body);
  }

  @RequireCommunityRole('community-admin')
  @Patch(':communityId/sharing-groups/:groupId/iteration/:validFrom')
  @ApiOkResponse({
    type: SharingGroupIterationView,
    description:
      'ends the period starting on :validFrom (YYYY-MM-DD) on validTo, or moves its end; after it "not requested" until the next period. The months whose rounds change are recomputed',
  })
  @ApiNotFoundResponse({ description: 'SHARING_GROUP_NOT_FOUND, ITERATION_PERIOD_NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'ITERATION_PERIOD_CONFLICT (would reach the next period); PERIOD_HAS_FINAL_DOCUMENTS (details { months, documents }); CORRECTION_NOT_SUPPORTED',
  })
  @ApiUnprocessableEntityResponse({
    description: 'INVALID_PERIOD: validTo before the period starts; nothing changed',
  })
  closeIteration(
    @InCommunity() caller: CommunityCaller,
    @Param('groupId', IdParamPipe) groupId: string,
    @Param('validFrom', LocalDateParamPipe) validFrom: string,
    @Body() body: ClosePeriodDto,
  ): Promise<SharingGroupIterationView> {
    return this.communities.closeIteration(caller.principal, caller.communityId, groupId, validFrom, body);
  }

  @RequireCommunityRole('community-admin')
  @Get(':communityId/invitations')
  @ApiOkResponse({ type: [InvitationView] })
  listInvitations(@InCommunity() caller: CommunityCaller): Promise<InvitationView[]> {
    return this.invitations.list(caller.principal, caller.communityId);
  }

  @RequireCommunityRole('community-admin')
  @Post(':communityId/invitations')
  @ApiCreatedResponse({
    type: InvitationView,
    description: 'the link goes by mail to the invitee, never in this answer',
  })
  @ApiHeader({
    name: 'Accept-Language',
    required: false,
    description:
      "the mail's language: the first of cs or en by weight (the portal sends its own); Czech otherwise",
  })
  invite(
    @InCommunity() caller: CommunityCaller,
    @Body() body: CreateInvitationDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<InvitationView> {
    return this.invitations.create(
      caller.principal,
      caller.communityId,
      body,
      mailLanguageOf(acceptLanguage),
    );
  }

  @RequireCommunityRole('community-admin')
  @Delete(':communityId/invitations/:invitationId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the link stops working' })
  revokeInvitation(
    @InCommunity() caller: CommunityCaller,
    @Param('invitationId', IdParamPipe) invitationId: string,
  ): Promise<void> {
    return this.invitations.revoke(caller.principal, caller.communityId, invitationId);
  }

  @RequireCommunityRole('community-admin')
  @Get(':communityId/audit-log')
  @ApiOkResponse({
    type: AuditPage,
    description:
      'every change with who, when and before/after (administrators only), newest first; bank accounts masked',
  })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED for an unknown entity, an actor that is no uuid or a day that is no date; AUDIT_FILTER_INVALID when from is after to',
  })
  auditLog(@InCommunity() caller: CommunityCaller, @Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.communities.auditLog(caller.principal, caller.communityId, query, pageRequest(query));
  }
}
