import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { CurrentUser, type Principal } from '@sdilna/api/util-auth';
import { IdParamPipe, pageRequest } from '@sdilna/api/util-registry';

import {
  CreateSourceDto,
  SourceListQueryDto,
  SourcePage,
  SourceView,
  UpdateSourceDto,
} from './dtos/source.dto';
import { SourcesService } from './sources.service';

@ApiTags('sources')
@ApiBearerAuth()
@Controller('communities/:communityId/sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  @ApiOkResponse({ type: SourcePage })
  list(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Query() query: SourceListQueryDto,
  ): Promise<SourcePage> {
    return this.sources.list(principal, communityId, query, pageRequest(query));
  }

  @RequireCommunityRole('community-admin')
  @Post()
  @ApiCreatedResponse({ type: SourceView })
  @ApiUnprocessableEntityResponse({
    description: 'SOURCE_POINT_NOT_PRODUCTION, RENEWABLE_COMMUNITY_REFUSES_NON_RENEWABLE_SOURCE',
  })
  create(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Body() body: CreateSourceDto,
  ): Promise<SourceView> {
    return this.sources.create(principal, communityId, body);
  }

  @Get(':sourceId')
  @ApiOkResponse({ type: SourceView })
  get(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('sourceId', IdParamPipe) sourceId: string,
  ): Promise<SourceView> {
    return this.sources.get(principal, communityId, sourceId);
  }

  @RequireCommunityRole('community-admin')
  @Patch(':sourceId')
  @ApiOkResponse({ type: SourceView })
  update(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('sourceId', IdParamPipe) sourceId: string,
    @Body() body: UpdateSourceDto,
  ): Promise<SourceView> {
    return this.sources.update(principal, communityId, sourceId, body);
  }

  @RequireCommunityRole('community-admin')
  @Delete(':sourceId')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('sourceId', IdParamPipe) sourceId: string,
  ): Promise<void> {
    return this.sources.remove(principal, communityId, sourceId);
  }
}
