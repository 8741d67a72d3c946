import { Controller, Get, HttpCode, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import { ImportAcceptedView, ImportView } from './dtos/import.dto';
import { ImportsService } from './imports.service';
import { EdcUploadInterceptor } from './upload.interceptor';
import type { StoredUpload } from './upload-storage';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('communities/:communityId/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(202)
  // A guard runs before the interceptor that receives the file: a caller who may not upload here is refused
  // before a byte of a 200 MB body is written to disk.
  @RequireCommunityRole('community-admin')
  @UseInterceptors(EdcUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: 'EDC standard export or pair report (CSV); which one is read from the header',
        },
        calculation: {
          type: 'string',
          enum: ['daily', 'monthly'],
          description:
            'EDC calculation of the file: daily (preliminary) or monthly (final). Absent: a file of one whole calendar month with every OUT evaluated is monthly, anything else daily',
        },
      },
    },
  })
  @ApiAcceptedResponse({
    type: ImportAcceptedView,
    description: 'stored and queued; poll GET .../imports/:id',
  })
  @ApiPayloadTooLargeResponse({ description: 'larger than UPLOAD_MAX_BYTES (200 MB by default)' })
  @ApiBadRequestResponse({ description: 'no file, an empty file, or a calculation other than daily/monthly' })
  @ApiNotFoundResponse({ description: 'no such community, or not one of the caller' })
  upload(
    @InCommunity() caller: CommunityCaller,
    @Req() request: Request & { file?: StoredUpload; body?: { calculation?: unknown } },
  ): Promise<ImportAcceptedView> {
    return this.imports.upload(caller.principal, caller.communityId, request.file, request.body?.calculation);
  }

  @Get()
  @ApiOkResponse({ type: [ImportView], description: 'import history, newest first' })
  list(@InCommunity() caller: CommunityCaller): Promise<ImportView[]> {
    return this.imports.list(caller.principal, caller.communityId);
  }

  @Post(':importId/retry')
  @HttpCode(202)
  @RequireCommunityRole('community-admin')
  @ApiAcceptedResponse({
    type: ImportAcceptedView,
    description:
      "the failed import's stored file queued again as a new import (after the registry was fixed); poll GET .../imports/:id of the answer",
  })
  @ApiConflictResponse({ description: 'IMPORT_NOT_FAILED: only a failed import can be imported again' })
  @ApiNotFoundResponse({ description: 'no such import in this community' })
  retry(
    @InCommunity() caller: CommunityCaller,
    @Param('importId', IdParamPipe) importId: string,
  ): Promise<ImportAcceptedView> {
    return this.imports.retry(caller.principal, caller.communityId, importId);
  }

  @Get(':importId')
  @ApiOkResponse({ type: ImportView })
  @ApiNotFoundResponse({ description: 'no such import in this community' })
  get(
    @InCommunity() caller: CommunityCaller,
    @Param('importId', IdParamPipe) importId: string,
  ): Promise<ImportView> {
    return this.imports.get(caller.principal, caller.communityId, importId);
  }
}
