import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import {
  AssignEntryDto,
  BankEntryView,
  BankStatementView,
  EntryListQueryDto,
  StatementUploadView,
  UploadedEntryView,
} from '../payments.dto';
import { StatementsService, type UploadedStatement } from './statements.service';

/** A statement is a day's or a month's entries: 10 MB is far above what a community's account produces. */
export const MAX_STATEMENT_BYTES = 10 * 1024 * 1024;

@ApiTags('payments')
@ApiBearerAuth()
@Controller('communities/:communityId')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Post('bank-statements')
  @RequireCommunityRole('community-admin')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_STATEMENT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: 'camt.053 XML (ISO 20022, 001.02–001.08) or an ABO/GPC statement (records 074/075)',
        },
      },
    },
  })
  @ApiCreatedResponse({
    type: StatementUploadView,
    description:
      'stored and matched; the same file again answers duplicate: true and changes nothing, an overlapping statement books only its new entries',
  })
  @ApiBadRequestResponse({ description: 'STATEMENT_FILE_MISSING' })
  @ApiUnprocessableEntityResponse({
    description:
      'STATEMENT_MALFORMED (details.where names the line or element), STATEMENT_UNSUPPORTED, STATEMENT_ACCOUNT_MISMATCH; nothing stored',
  })
  upload(
    @InCommunity() caller: CommunityCaller,
    @UploadedFile() file: UploadedStatement | undefined,
  ): Promise<StatementUploadView> {
    return this.statements.upload(caller.principal, caller.communityId, file);
  }

  @Get('bank-statements')
  @ApiOkResponse({ type: [BankStatementView], description: 'uploaded statements, newest first' })
  list(@InCommunity() caller: CommunityCaller): Promise<BankStatementView[]> {
    return this.statements.list(caller.principal, caller.communityId);
  }

  @Get('bank-entries')
  @ApiOkResponse({
    type: [BankEntryView],
    description: 'entries of the statements; unmatched=true: those for manual assignment',
  })
  entries(
    @InCommunity() caller: CommunityCaller,
    @Query() query: EntryListQueryDto,
  ): Promise<BankEntryView[]> {
    return this.statements.entries(caller.principal, caller.communityId, query);
  }

  @Post('bank-entries/:entryId/assignment')
  @RequireCommunityRole('community-admin')
  @ApiCreatedResponse({ type: UploadedEntryView, description: 'the entry pays the document; audited' })
  @ApiNotFoundResponse({ description: 'BANK_ENTRY_NOT_FOUND, DOCUMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'BANK_ENTRY_ALREADY_ASSIGNED' })
  assign(
    @InCommunity() caller: CommunityCaller,
    @Param('entryId', IdParamPipe) entryId: string,
    @Body() body: AssignEntryDto,
  ): Promise<UploadedEntryView> {
    return this.statements.assign(caller.principal, caller.communityId, entryId, body.documentId);
  }

  @Delete('bank-entries/:entryId/assignment')
  @RequireCommunityRole('community-admin')
  @ApiOkResponse({ type: BankEntryView, description: 'the entry is unmatched again; audited' })
  @ApiNotFoundResponse({ description: 'BANK_ENTRY_NOT_FOUND' })
  unassign(
    @InCommunity() caller: CommunityCaller,
    @Param('entryId', IdParamPipe) entryId: string,
  ): Promise<BankEntryView> {
    return this.statements.unassign(caller.principal, caller.communityId, entryId);
  }
}
