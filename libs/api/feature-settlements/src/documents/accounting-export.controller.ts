import { Body, Controller, Get, Param, Put, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import { type AccountingExportFile, AccountingExportService } from './accounting-export.service';
import {
  AccountingExportFormatDto,
  AccountingExportRangeDto,
  AccountingExportSettingsDto,
  AccountingExportSettingsView,
} from './dtos/accounting-export.dto';

const EXPORT_DESCRIPTION =
  'format=isdoc-zip: application/zip with one ISDOCX per document (ISDOC 6.0.2 with its PDF); format=pohoda: a Pohoda XML data pack (dat:dataPack 2.0) of the issued and received documents';

@ApiTags('settlement')
@ApiBearerAuth()
@Controller('communities/:communityId')
export class AccountingExportController {
  constructor(private readonly exports: AccountingExportService) {}

  @Get('settlements/:runId/accounting-export')
  @ApiProduces('application/zip', 'application/xml')
  @ApiOkResponse({ description: `the documents of a final run. ${EXPORT_DESCRIPTION}` })
  @ApiForbiddenResponse({ description: 'ROLE_FORBIDDEN: only administrators and municipality accountants' })
  @ApiNotFoundResponse({ description: 'SETTLEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SETTLEMENT_NOT_APPROVED: the run is not final' })
  async exportRun(
    @InCommunity() caller: CommunityCaller,
    @Param('runId', IdParamPipe) runId: string,
    @Query() query: AccountingExportFormatDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return send(
      response,
      await this.exports.exportRun(caller.principal, caller.communityId, runId, query.format),
    );
  }

  @Get('accounting-export')
  @ApiProduces('application/zip', 'application/xml')
  @ApiOkResponse({
    description: `the documents issued from \`from\` to \`to\` (inclusive). ${EXPORT_DESCRIPTION}`,
  })
  @ApiForbiddenResponse({ description: 'ROLE_FORBIDDEN: only administrators and municipality accountants' })
  @ApiBadRequestResponse({ description: 'PERIOD_INVALID: from after to, or more than 366 days' })
  async exportRange(
    @InCommunity() caller: CommunityCaller,
    @Query() query: AccountingExportRangeDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return send(
      response,
      await this.exports.exportRange(
        caller.principal,
        caller.communityId,
        query.from,
        query.to,
        query.format,
      ),
    );
  }

  @Get('accounting-export-settings')
  @ApiOkResponse({ type: AccountingExportSettingsView })
  @ApiForbiddenResponse({ description: 'ROLE_FORBIDDEN: only administrators and municipality accountants' })
  getSettings(@InCommunity() caller: CommunityCaller): Promise<AccountingExportSettingsView> {
    return this.exports.getSettings(caller.principal, caller.communityId);
  }

  @Put('accounting-export-settings')
  @ApiOkResponse({
    type: AccountingExportSettingsView,
    description: 'Pohoda accounting codes (předkontace) and number series of issued and received documents',
  })
  @ApiForbiddenResponse({ description: 'ROLE_FORBIDDEN: administrators only' })
  saveSettings(
    @InCommunity() caller: CommunityCaller,
    @Body() body: AccountingExportSettingsDto,
  ): Promise<AccountingExportSettingsView> {
    return this.exports.saveSettings(caller.principal, caller.communityId, body);
  }
}

function send(response: Response, file: AccountingExportFile): StreamableFile {
  response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  return new StreamableFile(Buffer.from(file.bytes), { type: file.contentType });
}
