import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { CurrentUser, type Principal } from '@sdilna/api/util-auth';
import { IdParamPipe } from '@sdilna/api/util-registry';

import { CreatePriceListDto, PriceListView } from './dtos/price-list.dto';
import { PriceListsService } from './price-lists.service';

@ApiTags('settlement')
@ApiBearerAuth()
@Controller('communities/:communityId/price-lists')
export class PriceListsController {
  constructor(private readonly priceLists: PriceListsService) {}

  @Get()
  @ApiOkResponse({ type: [PriceListView] })
  list(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
  ): Promise<PriceListView[]> {
    return this.priceLists.list(principal, communityId);
  }

  @Post()
  @ApiCreatedResponse({ type: PriceListView })
  @ApiConflictResponse({ description: 'PRICE_LIST_OVERLAP: another list is valid on some of the days' })
  @ApiUnprocessableEntityResponse({
    description: 'PRICE_LIST_INVALID: a band, rule or price the settlement could not use',
  })
  create(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Body() body: CreatePriceListDto,
  ): Promise<PriceListView> {
    return this.priceLists.create(principal, communityId, body);
  }
}
