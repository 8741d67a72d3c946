import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { ClosePeriodDto, type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import { CreatePriceListDto, PriceListView } from './dtos/price-list.dto';
import { PriceListsService } from './price-lists.service';

@ApiTags('settlement')
@ApiBearerAuth()
@Controller('communities/:communityId/price-lists')
export class PriceListsController {
  constructor(private readonly priceLists: PriceListsService) {}

  @Get()
  @ApiOkResponse({ type: [PriceListView], description: 'every list, oldest first: the history of prices' })
  list(@InCommunity() caller: CommunityCaller): Promise<PriceListView[]> {
    return this.priceLists.list(caller.principal, caller.communityId);
  }

  @Post()
  @ApiCreatedResponse({ type: PriceListView })
  @ApiConflictResponse({
    description:
      'PRICE_LIST_OVERLAP: another list is valid on some of the days (details.priceLists); PERIOD_HAS_FINAL_DOCUMENTS: a month of the list has final documents',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'PRICE_LIST_INVALID: a band, rule or price the settlement could not use; INVALID_PERIOD: validTo before validFrom',
  })
  create(@InCommunity() caller: CommunityCaller, @Body() body: CreatePriceListDto): Promise<PriceListView> {
    return this.priceLists.create(caller.principal, caller.communityId, body);
  }

  @Patch(':priceListId')
  @ApiOkResponse({
    type: PriceListView,
    description:
      'ends the list on validTo (inclusive) or moves its end; the next list may start the day after. Drafts of the months whose price changes are computed again',
  })
  @ApiNotFoundResponse({ description: 'PRICE_LIST_NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'PRICE_LIST_OVERLAP (a longer period would overlap the next list); PERIOD_HAS_FINAL_DOCUMENTS (details { months, documents }): a month the change alters has final documents; CORRECTION_NOT_SUPPORTED',
  })
  @ApiUnprocessableEntityResponse({
    description: 'INVALID_PERIOD: validTo before validFrom; nothing changed',
  })
  close(
    @InCommunity() caller: CommunityCaller,
    @Param('priceListId', IdParamPipe) priceListId: string,
    @Body() body: ClosePeriodDto,
  ): Promise<PriceListView> {
    return this.priceLists.close(caller.principal, caller.communityId, priceListId, body);
  }
}
