import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import { CorrectDocumentDto } from '../settlements/dtos/settlement.dto';
import { DocumentsService } from './documents.service';
import { DocumentListQueryDto, DocumentView } from './dtos/document.dto';

@ApiTags('settlement')
@ApiBearerAuth()
@Controller('communities/:communityId')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('documents')
  @ApiOkResponse({
    type: [DocumentView],
    description: 'admins: all; members: their own; accountants: the municipality and its units',
  })
  list(
    @InCommunity() caller: CommunityCaller,
    @Query() query: DocumentListQueryDto,
  ): Promise<DocumentView[]> {
    return this.documents.list(caller.principal, caller.communityId, query);
  }

  @Get('documents/:documentId')
  @ApiOkResponse({ type: DocumentView })
  @ApiNotFoundResponse({ description: 'DOCUMENT_NOT_FOUND, also for documents the caller may not see' })
  get(
    @InCommunity() caller: CommunityCaller,
    @Param('documentId', IdParamPipe) documentId: string,
  ): Promise<DocumentView> {
    return this.documents.get(caller.principal, caller.communityId, documentId);
  }

  @Get('documents/:documentId/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the document as a Czech PDF with a QR payment' })
  async pdf(
    @InCommunity() caller: CommunityCaller,
    @Param('documentId', IdParamPipe) documentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { number, bytes } = await this.documents.pdf(caller.principal, caller.communityId, documentId);
    response.setHeader('Content-Disposition', `attachment; filename="${number}.pdf"`);
    return new StreamableFile(Buffer.from(bytes), { type: 'application/pdf' });
  }

  @Get('documents/:documentId/isdoc')
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'the document as ISDOC 6.0.2 XML' })
  async isdoc(
    @InCommunity() caller: CommunityCaller,
    @Param('documentId', IdParamPipe) documentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { number, xml } = await this.documents.isdoc(caller.principal, caller.communityId, documentId);
    response.setHeader('Content-Disposition', `attachment; filename="${number}.isdoc"`);
    return new StreamableFile(Buffer.from(xml, 'utf8'), { type: 'application/xml; charset=utf-8' });
  }

  @Post('documents/:documentId/corrections')
  @ApiCreatedResponse({
    type: DocumentView,
    description: 'a corrective document cancelling the original; the original never changes',
  })
  @ApiConflictResponse({ description: 'DOCUMENT_NOT_CORRECTABLE' })
  correct(
    @InCommunity() caller: CommunityCaller,
    @Param('documentId', IdParamPipe) documentId: string,
    @Body() body: CorrectDocumentDto,
  ): Promise<DocumentView> {
    return this.documents.correct(caller.principal, caller.communityId, documentId, body.reason);
  }

  @Get('settlements/:runId/export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'every line of every document of a final run, for Czech accounting tools' })
  async exportCsv(
    @InCommunity() caller: CommunityCaller,
    @Param('runId', IdParamPipe) runId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { period, csv } = await this.documents.exportCsv(caller.principal, caller.communityId, runId);
    response.setHeader('Content-Disposition', `attachment; filename="settlement-${period}.csv"`);
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8' });
  }
}
