import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { Public } from '@sdilna/api/util-http';
import { mailLanguageOf } from '@sdilna/api/util-mail';
import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import {
  AcceptJoinRequestDto,
  ConfirmJoinRequestDto,
  DeclineJoinRequestDto,
  EstimateDto,
  EstimateView,
  JoinConfirmedView,
  JoinRequestDto,
  JoinRequestListQueryDto,
  JoinRequestSentView,
  JoinRequestView,
  PublicCommunityView,
  PublicPageDto,
  PublicPageView,
} from './dtos/joining.dto';
import { JoiningService } from './joining.service';

const LANGUAGE_HEADER = {
  name: 'Accept-Language',
  required: false,
  description:
    "the mail's language: the first of cs or en by weight (the portal sends its own); Czech otherwise",
};

/** The public page and join requests as visitors reach them: no login (docs/joining.md). */
@ApiTags('joining')
@Public()
@Controller('public')
export class PublicJoiningController {
  constructor(private readonly joining: JoiningService) {}

  @Get('communities/:slug')
  @ApiOkResponse({ type: PublicCommunityView, description: 'only what the community published' })
  @ApiNotFoundResponse({ description: 'PUBLIC_PAGE_NOT_FOUND: no such slug, or the page is not published' })
  community(@Param('slug') slug: string): Promise<PublicCommunityView> {
    return this.joining.publicCommunity(slug);
  }

  @Post('communities/:slug/estimate')
  @HttpCode(200)
  @ApiOkResponse({
    type: EstimateView,
    description: "shared kWh and savings a year by the community's engine",
  })
  @ApiBadRequestResponse({ description: 'ESTIMATE_INPUT_INVALID or VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'PUBLIC_PAGE_NOT_FOUND' })
  estimate(@Param('slug') slug: string, @Body() body: EstimateDto): Promise<EstimateView> {
    return this.joining.estimate(slug, body);
  }

  @Post('communities/:slug/join-requests')
  @ApiCreatedResponse({
    type: JoinRequestSentView,
    description: 'stored unconfirmed; the confirmation link goes by mail, never in this answer',
  })
  @ApiHeader(LANGUAGE_HEADER)
  @ApiBadRequestResponse({ description: 'JOIN_FORM_INVALID, ESTIMATE_INPUT_INVALID or VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'PUBLIC_PAGE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({
    description: 'JOIN_CONSENT_MISSING, or JOIN_REQUEST_REFUSED (the form was sent too fast or by a robot)',
  })
  @ApiTooManyRequestsResponse({
    description: 'JOIN_TOO_MANY_REQUESTS: per e-mail a day, per address an hour',
  })
  submit(
    @Param('slug') slug: string,
    @Body() body: JoinRequestDto,
    @Req() request: Request,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<JoinRequestSentView> {
    const client = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    return this.joining.submit(slug, body, client, mailLanguageOf(acceptLanguage));
  }

  @Post('join-requests/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: JoinConfirmedView, description: 'the request now waits for the administrator' })
  @ApiBadRequestResponse({ description: 'JOIN_TOKEN_INVALID: a broken or expired link' })
  async confirm(@Body() body: ConfirmJoinRequestDto): Promise<JoinConfirmedView> {
    return this.joining.confirm(body.token);
  }
}

/** The administrator's side: the public page's settings and the review of join requests. */
@ApiTags('joining')
@ApiBearerAuth()
@Controller('communities')
export class JoiningController {
  constructor(private readonly joining: JoiningService) {}

  @RequireCommunityRole('community-admin')
  @Get(':communityId/public-page')
  @ApiOkResponse({ type: PublicPageView })
  @ApiNotFoundResponse({ description: 'PUBLIC_PAGE_NOT_FOUND: none yet' })
  getPage(@InCommunity() caller: CommunityCaller): Promise<PublicPageView> {
    return this.joining.getPage(caller.principal, caller.communityId);
  }

  @RequireCommunityRole('community-admin')
  @Put(':communityId/public-page')
  @ApiOkResponse({ type: PublicPageView })
  @ApiConflictResponse({ description: 'PUBLIC_SLUG_TAKEN' })
  putPage(@InCommunity() caller: CommunityCaller, @Body() body: PublicPageDto): Promise<PublicPageView> {
    return this.joining.putPage(caller.principal, caller.communityId, body);
  }

  @RequireCommunityRole('community-admin')
  @Get(':communityId/join-requests')
  @ApiOkResponse({ type: [JoinRequestView], description: 'confirmed and decided requests, newest first' })
  list(
    @InCommunity() caller: CommunityCaller,
    @Query() query: JoinRequestListQueryDto,
  ): Promise<JoinRequestView[]> {
    return this.joining.list(caller.principal, caller.communityId, query.status);
  }

  @RequireCommunityRole('community-admin')
  @Post(':communityId/join-requests/:requestId/accept')
  @HttpCode(200)
  @ApiOkResponse({
    type: JoinRequestView,
    description:
      'the member, its consumption points, consents and invitation were created in one transaction',
  })
  @ApiNotFoundResponse({ description: 'JOIN_REQUEST_NOT_FOUND or SHARING_GROUP_NOT_FOUND' })
  @ApiConflictResponse({
    description: 'JOIN_REQUEST_DECIDED, JOIN_REQUEST_UNCONFIRMED, EAN_ALREADY_REGISTERED …',
  })
  accept(
    @InCommunity() caller: CommunityCaller,
    @Param('requestId', IdParamPipe) requestId: string,
    @Body() body: AcceptJoinRequestDto,
  ): Promise<JoinRequestView> {
    return this.joining.accept(caller.principal, caller.communityId, requestId, body);
  }

  @RequireCommunityRole('community-admin')
  @Post(':communityId/join-requests/:requestId/decline')
  @HttpCode(200)
  @ApiOkResponse({ type: JoinRequestView, description: 'the reason goes to the sender by mail' })
  @ApiNotFoundResponse({ description: 'JOIN_REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'JOIN_REQUEST_DECIDED or JOIN_REQUEST_UNCONFIRMED' })
  decline(
    @InCommunity() caller: CommunityCaller,
    @Param('requestId', IdParamPipe) requestId: string,
    @Body() body: DeclineJoinRequestDto,
  ): Promise<JoinRequestView> {
    return this.joining.decline(caller.principal, caller.communityId, requestId, body.reason);
  }
}
