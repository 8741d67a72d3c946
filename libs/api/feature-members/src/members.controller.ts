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
  CsvUploadError,
  IdParamPipe,
  ImportReport,
  MAX_CSV_BYTES,
  pageRequest,
  readCsvUpload,
} from '@sdilna/api/util-registry';

import {
  CreateMemberDto,
  MemberListQueryDto,
  MemberPage,
  MemberView,
  UpdateMemberDto,
} from './dtos/member.dto';
import { MembersException } from './members.exception';
import { MembersService } from './members.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('communities/:communityId/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOkResponse({
    type: MemberPage,
    description:
      'admins see every member; a member its own record; an accountant the municipality and its units',
  })
  list(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Query() query: MemberListQueryDto,
  ): Promise<MemberPage> {
    return this.members.list(principal, communityId, query, pageRequest(query));
  }

  @RequireCommunityRole('community-admin')
  @Post()
  @ApiCreatedResponse({ type: MemberView })
  @ApiUnprocessableEntityResponse({
    description:
      'RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE, VOTE_SHARE_EXCEEDED, MEMBER_PARENT_INVALID, VOTING_NOT_APPLICABLE',
  })
  create(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Body() body: CreateMemberDto,
  ): Promise<MemberView> {
    return this.members.create(principal, communityId, body);
  }

  @RequireCommunityRole('community-admin')
  @Post('import')
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({
    description:
      'CSV with a header row (`;` or `,`): name, kind, email, phone, address, ico, dic, vatPayer, votes, parentIco, joinedOn, leftOn. ' +
      'Send it as a text/csv body or as multipart field "file".',
    schema: {
      type: 'string',
      example: 'name;kind;ico\nObec Lomnice nad Lužnicí;municipality;00245381\nZŠ Lomnice;municipal-unit;\n',
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
      if (error instanceof CsvUploadError) throw new MembersException('IMPORT_INVALID_FILE', error.message);
      throw error;
    }
    return this.members.import(principal, communityId, csv);
  }

  @Get(':memberId')
  @ApiOkResponse({ type: MemberView })
  @ApiNotFoundResponse({ description: 'MEMBER_NOT_FOUND, also for members the caller may not see' })
  get(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('memberId', IdParamPipe) memberId: string,
  ): Promise<MemberView> {
    return this.members.get(principal, communityId, memberId);
  }

  @RequireCommunityRole('community-admin')
  @Patch(':memberId')
  @ApiOkResponse({ type: MemberView })
  update(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('memberId', IdParamPipe) memberId: string,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberView> {
    return this.members.update(principal, communityId, memberId, body);
  }

  @RequireCommunityRole('community-admin')
  @Delete(':memberId')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'deleted; a member with points answers 409 MEMBER_IN_USE (set leftOn instead)',
  })
  remove(
    @CurrentUser() principal: Principal,
    @Param('communityId', IdParamPipe) communityId: string,
    @Param('memberId', IdParamPipe) memberId: string,
  ): Promise<void> {
    return this.members.remove(principal, communityId, memberId);
  }
}
