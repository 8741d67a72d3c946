import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import {
  ClosePeriodDto,
  type CommunityCaller,
  IdParamPipe,
  InCommunity,
  pageRequest,
} from '@sdilna/api/util-registry';

import {
  CreateMeteringPointDto,
  CreatePriceDto,
  MeteringPointListQueryDto,
  MeteringPointPage,
  MeteringPointView,
  PointSuccessorDto,
  PriceView,
  UpdateMeteringPointDto,
} from './dtos/metering-point.dto';
import { MeteringPointPricesService } from './metering-point-prices.service';
import { MeteringPointsService } from './metering-points.service';

@ApiTags('metering-points')
@ApiBearerAuth()
@Controller('communities/:communityId/metering-points')
export class MeteringPointsController {
  constructor(
    private readonly points: MeteringPointsService,
    private readonly prices: MeteringPointPricesService,
  ) {}

  @Get()
  @ApiOkResponse({
    type: MeteringPointPage,
    description: 'admins see every point; members and accountants the points of the members they may see',
  })
  list(
    @InCommunity() caller: CommunityCaller,
    @Query() query: MeteringPointListQueryDto,
  ): Promise<MeteringPointPage> {
    return this.points.list(caller.principal, caller.communityId, query, pageRequest(query));
  }

  @RequireCommunityRole('community-admin')
  @Post()
  @ApiCreatedResponse({ type: MeteringPointView })
  @ApiConflictResponse({
    description:
      'EAN_ALREADY_REGISTERED (this community), EAN_UNAVAILABLE (held elsewhere; nothing more is said)',
  })
  @ApiUnprocessableEntityResponse({ description: 'GROUP_POINT_LIMIT, SHARING_GROUP_REQUIRED' })
  create(
    @InCommunity() caller: CommunityCaller,
    @Body() body: CreateMeteringPointDto,
  ): Promise<MeteringPointView> {
    return this.points.create(caller.principal, caller.communityId, body);
  }

  @Get(':pointId')
  @ApiOkResponse({ type: MeteringPointView })
  get(
    @InCommunity() caller: CommunityCaller,
    @Param('pointId', IdParamPipe) pointId: string,
  ): Promise<MeteringPointView> {
    return this.points.get(caller.principal, caller.communityId, pointId);
  }

  @Get(':pointId/history')
  @ApiOkResponse({
    type: [MeteringPointView],
    description:
      "every period of the point's EAN in this community, oldest first: its member and sharing group, when",
  })
  history(
    @InCommunity() caller: CommunityCaller,
    @Param('pointId', IdParamPipe) pointId: string,
  ): Promise<MeteringPointView[]> {
    return this.points.history(caller.principal, caller.communityId, pointId);
  }

  @RequireCommunityRole('community-admin')
  @Post(':pointId/successor')
  @ApiCreatedResponse({
    type: MeteringPointView,
    description:
      'the next period from validFrom (another member and/or sharing group); the current period ends the day before. The months from validFrom are recomputed',
  })
  @ApiConflictResponse({
    description:
      'PERIOD_HAS_FINAL_DOCUMENTS (details { months, documents }); EAN_ALREADY_REGISTERED / EAN_UNAVAILABLE',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'SUCCESSOR_OUTSIDE_PERIOD: validFrom not after the first day of the current period or past its end; GROUP_POINT_LIMIT',
  })
  successor(
    @InCommunity() caller: CommunityCaller,
    @Param('pointId', IdParamPipe) pointId: string,
    @Body() body: PointSuccessorDto,
  ): Promise<MeteringPointView> {
    return this.points.successor(caller.principal, caller.communityId, pointId, body);
  }

  @RequireCommunityRole('community-admin')
  @Patch(':pointId')
  @ApiOkResponse({
    type: MeteringPointView,
    description:
      'validTo ends the point in its group (the next period: POST …/successor); the months whose sharing changes are recomputed',
  })
  @ApiConflictResponse({
    description:
      'PERIOD_HAS_FINAL_DOCUMENTS (details { months, documents }): a month the change alters has final documents; CORRECTION_NOT_SUPPORTED; EAN_ALREADY_REGISTERED',
  })
  @ApiUnprocessableEntityResponse({
    description: 'INVALID_PERIOD: validTo before validFrom; nothing changed',
  })
  update(
    @InCommunity() caller: CommunityCaller,
    @Param('pointId', IdParamPipe) pointId: string,
    @Body() body: UpdateMeteringPointDto,
  ): Promise<MeteringPointView> {
    return this.points.update(caller.principal, caller.communityId, pointId, body);
  }

  @RequireCommunityRole('community-admin')
  @Delete(':pointId')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'deleted; a point used by a key or a source answers 409 POINT_IN_USE',
  })
  remove(
    @InCommunity() caller: CommunityCaller,
    @Param('pointId', IdParamPipe) pointId: string,
  ): Promise<void> {
    return this.points.remove(caller.principal, caller.communityId, pointId);
  }

  @Get(':pointId/prices')
  @ApiOkResponse({
    type: [PriceView],
    description: 'supplier energy price (consumption) or feed-in price (production) periods',
  })
  listPrices(
    @InCommunity() caller: CommunityCaller,
    @Param('pointId', IdParamPipe) pointId: string,
  ): Promise<PriceView[]> {
    return this.prices.list(caller.principal, caller.communityId, pointId);
  }

  @RequireCommunityRole('community-admin')
  @Post(':pointId/prices')
  @ApiCreatedResponse({ type: PriceView })
  @ApiConflictResponse({
    description:
      'PRICE_PERIOD_OVERLAP: another price of the kind on some of the days (details.prices); PERIOD_HAS_FINAL_DOCUMENTS',
  })
  @ApiUnprocessableEntityResponse({ description: 'INVALID_PERIOD, PRICE_KIND_MISMATCH' })
  addPrice(
    @InCommunity() caller: CommunityCaller,
    @Param('pointId', IdParamPipe) pointId: string,
    @Body() body: CreatePriceDto,
  ): Promise<PriceView> {
    return this.prices.add(caller.principal, caller.communityId, pointId, body);
  }

  @RequireCommunityRole('community-admin')
  @Patch(':pointId/prices/:priceId')
  @ApiOkResponse({
    type: PriceView,
    description:
      'ends the price period on validTo (inclusive) or moves its end; the next price may start the day after',
  })
  @ApiNotFoundResponse({ description: 'PRICE_NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'PRICE_PERIOD_OVERLAP (details.prices); PERIOD_HAS_FINAL_DOCUMENTS (details { months, documents }); CORRECTION_NOT_SUPPORTED',
  })
  @ApiUnprocessableEntityResponse({
    description: 'INVALID_PERIOD: validTo before validFrom; nothing changed',
  })
  closePrice(
    @InCommunity() caller: CommunityCaller,
    @Param('pointId', IdParamPipe) pointId: string,
    @Param('priceId', IdParamPipe) priceId: string,
    @Body() body: ClosePeriodDto,
  ): Promise<PriceView> {
    return this.prices.close(caller.principal, caller.communityId, pointId, priceId, body);
  }
}
