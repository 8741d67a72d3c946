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
import { type CommunityCaller, IdParamPipe, InCommunity, pageRequest } from '@sdilna/api/util-registry';

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
  list(@InCommunity() caller: CommunityCaller, @Query() query: SourceListQueryDto): Promise<SourcePage> {
    return this.sources.list(caller.principal, caller.communityId, query, pageRequest(query));
  }

  @RequireCommunityRole('community-admin')
  @Post()
  @ApiCreatedResponse({ type: SourceView })
  @ApiUnprocessableEntityResponse({
    description: 'SOURCE_POINT_NOT_PRODUCTION, RENEWABLE_COMMUNITY_REFUSES_NON_RENEWABLE_SOURCE',
  })
  create(@InCommunity() caller: CommunityCaller, @Body() body: CreateSourceDto): Promise<SourceView> {
    return this.sources.create(caller.principal, caller.communityId, body);
  }

  @Get(':sourceId')
  @ApiOkResponse({ type: SourceView })
  get(
    @InCommunity() caller: CommunityCaller,
    @Param('sourceId', IdParamPipe) sourceId: string,
  ): Promise<SourceView> {
    return this.sources.get(caller.principal, caller.communityId, sourceId);
  }

  @RequireCommunityRole('community-admin')
  @Patch(':sourceId')
  @ApiOkResponse({ type: SourceView })
  update(
    @InCommunity() caller: CommunityCaller,
    @Param('sourceId', IdParamPipe) sourceId: string,
    @Body() body: UpdateSourceDto,
  ): Promise<SourceView> {
    return this.sources.update(caller.principal, caller.communityId, sourceId, body);
  }

  @RequireCommunityRole('community-admin')
  @Delete(':sourceId')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(
    @InCommunity() caller: CommunityCaller,
    @Param('sourceId', IdParamPipe) sourceId: string,
  ): Promise<void> {
    return this.sources.remove(caller.principal, caller.communityId, sourceId);
  }
}
