import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentUser, type Principal } from '@sdilna/api/util-auth';
import { IdParamPipe } from '@sdilna/api/util-registry';

import { RechargeQueryDto, RechargeSummaryView } from './dtos/recharges.dto';
import { RechargesService } from './recharges.service';

const ACCESS = 'the accountant of this municipality, or a community administrator';

@ApiTags('municipality')
@ApiBearerAuth()
@ApiBadRequestResponse({
  description: 'MONTH_INVALID, MONTH_RANGE_INVALID: `from`/`to` are not months YYYY-MM in order',
})
@ApiForbiddenResponse({ description: 'ROLE_FORBIDDEN: a member who is neither accountant nor administrator' })
@ApiNotFoundResponse({
  description: 'COMMUNITY_NOT_FOUND; MUNICIPALITY_NOT_FOUND, also for another municipality',
})
@Controller('communities/:communityId/municipalities/:memberId')
export class RechargesController {
  constructor(private readonly recharges: RechargesService) {}

  @Get('recharges')
  @ApiOkResponse({
    type: RechargeSummaryView,
    description: `internal recharges per month and unit, summed from the issued documents' lines (${ACCESS})`,
  })
  summary(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('memberId', IdParamPipe) memberId: string,
    @Query() query: RechargeQueryDto,
  ): Promise<RechargeSummaryView> {
    return this.recharges.summary(principal, communityId, memberId, query);
  }

  @Get('recharges.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: `the summary as CSV for Czech accounting tools (${ACCESS})` })
  async csv(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('memberId', IdParamPipe) memberId: string,
    @Query() query: RechargeQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { fileName, csv } = await this.recharges.csv(principal, communityId, memberId, query);
    response.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8' });
  }

  @Get('recharges.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: `the summary and its documents as an Excel workbook (${ACCESS})` })
  async xlsx(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('memberId', IdParamPipe) memberId: string,
    @Query() query: RechargeQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { fileName, bytes } = await this.recharges.xlsx(principal, communityId, memberId, query);
    response.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return new StreamableFile(bytes, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
  }
}
