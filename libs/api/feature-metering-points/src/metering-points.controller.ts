import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { CurrentUser, type Principal } from '@sdilna/api/util-auth';
import {
  ClosePeriodDto,
  CsvUploadError,
  IdParamPipe,
  ImportReport,
  MAX_CSV_BYTES,
  pageRequest,
  readCsvUpload,
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
import { MeteringPointsException } from './metering-points.exception';
import { MeteringPointPricesService } from './metering-point-prices.service';
import { MeteringPointsImportService } from './metering-points-import.service';
import { MeteringPointsService } from './metering-points.service';

@ApiTags('metering-points')
@ApiBearerAuth()
@Controller('communities/:communityId/metering-points')
export class MeteringPointsController {
  constructor(
    private readonly points: MeteringPointsService,
    private readonly prices: MeteringPointPricesService,
    private readonly imports: MeteringPointsImportService,
  ) {}

  @Get()
  @ApiOkResponse({
    type: MeteringPointPage,
    description: 'admins see every point; members and accountants the points of the members they may see',
  })
  list(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Query() query: MeteringPointListQueryDto,
  ): Promise<MeteringPointPage> {
    return this.points.list(principal, communityId, query, pageRequest(query));
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
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Body() body: CreateMeteringPointDto,
  ): Promise<MeteringPointView> {
    return this.points.create(principal, communityId, body);
  }

  @RequireCommunityRole('community-admin')
  @Post('import')
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({
    description:
      'CSV with a header row (`;` or `,`): ean, role, validFrom, validTo, label, memberId | memberIco | memberName, sharingGroupId | edcGroupId. ' +
      'Send it as a text/csv body or as multipart field "file".',
    schema: {
      type: 'string',
      example:
        'ean;role;memberIco;validFrom;label\n859182400123456789;consumption;00245381;2026-01-01;Úřad\n',
    },
  })
  @ApiCreatedResponse({ type: ImportReport })
  @ApiUnprocessableEntityResponse({
    description: 'IMPORT_REJECTED: nothing imported; details.rows lists each line with its problems',
  })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_CSV_BYTES } }))
  async import(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Req() request: Request,
    @UploadedFile() file: { buffer: Buffer } | undefined,
  ): Promise<ImportReport> {
    let csv: string;
    try {
      csv = await readCsvUpload(request, file);
    } catch (error) {
      if (error instanceof CsvUploadError)
        throw new MeteringPointsException('IMPORT_INVALID_FILE', error.message);
      throw error;
    }
    return this.imports.import(principal, communityId, csv);
  }

  @Get(':pointId')
  @ApiOkResponse({ type: MeteringPointView })
  get(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('pointId', IdParamPipe) pointId: string,
  ): Promise<MeteringPointView> {
    return this.points.get(principal, communityId, pointId);
  }

  @Get(':pointId/history')
  @ApiOkResponse({
    type: [MeteringPointView],
    description:
      "every period of the point's EAN in this community, oldest first: its member and sharing group, when",
  })
  history(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('pointId', IdParamPipe) pointId: string,
  ): Promise<MeteringPointView[]> {
    return this.points.history(principal, communityId, pointId);
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
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('pointId', IdParamPipe) pointId: string,
    @Body() body: PointSuccessorDto,
  ): Promise<MeteringPointView> {
    return this.points.successor(principal, communityId, pointId, body);
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
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('pointId', IdParamPipe) pointId: string,
    @Body() body: UpdateMeteringPointDto,
  ): Promise<MeteringPointView> {
    return this.points.update(principal, communityId, pointId, body);
  }

  @RequireCommunityRole('community-admin')
  @Delete(':pointId')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'deleted; a point used by a key or a source answers 409 POINT_IN_USE',
  })
  remove(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('pointId', IdParamPipe) pointId: string,
  ): Promise<void> {
    return this.points.remove(principal, communityId, pointId);
  }

  @Get(':pointId/prices')
  @ApiOkResponse({
    type: [PriceView],
    description: 'supplier energy price (consumption) or feed-in price (production) periods',
  })
  listPrices(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('pointId', IdParamPipe) pointId: string,
  ): Promise<PriceView[]> {
    return this.prices.list(principal, communityId, pointId);
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
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('pointId', IdParamPipe) pointId: string,
    @Body() body: CreatePriceDto,
  ): Promise<PriceView> {
    return this.prices.add(principal, communityId, pointId, body);
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
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('pointId', IdParamPipe) pointId: string,
    @Param('priceId', IdParamPipe) priceId: string,
    @Body() body: ClosePeriodDto,
  ): Promise<PriceView> {
    return this.prices.close(principal, communityId, pointId, priceId, body);
  }
}
