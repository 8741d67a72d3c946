import {
  applyDecorators,
  Controller,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { type CommunityCaller, InCommunity, MAX_CSV_BYTES } from '@sdilna/api/util-registry';

import { JoiningException } from './joining.exception';
import { type OnboardingReport, OnboardingService } from './onboarding.service';

export const ONBOARDING_COLUMNS =
  'name, kind, email, phone, address, ico, dic, vatPayer, votes, joinedOn (the member, as the members import); ' +
  'ean, role (consumption/production, default consumption), validFrom (default joinedOn), sharingGroup (its name; ' +
  'the only group by default) for one metering point; consentDataProcessing, consentEdcMandate, consentEmail ' +
  '(ano/ne) and consentsGivenOn (the signed form’s date, default joinedOn). Rows with the same name, email and ico ' +
  'are one member with several points.';

class OnboardingProblem {
  @ApiProperty()
  code!: string;

  @ApiProperty()
  message!: string;
}

class OnboardingRowView {
  @ApiProperty()
  line!: number;

  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty()
  member!: string;

  @ApiProperty({ nullable: true, type: String })
  ean!: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'only when the file was imported' })
  memberId?: string;

  @ApiProperty({ type: [OnboardingProblem] })
  problems!: OnboardingProblem[];
}

export class OnboardingReportView {
  @ApiProperty({ description: 'whether the file was stored (never by a preview)' })
  imported!: boolean;

  @ApiProperty()
  members!: number;

  @ApiProperty()
  points!: number;

  @ApiProperty({ type: [OnboardingRowView] })
  rows!: OnboardingRowView[];

  @ApiProperty({ type: [OnboardingProblem], description: 'problems of the whole file (the vote cap)' })
  problems!: OnboardingProblem[];
}

/** The uploaded file: multipart field `file` (CSV or XLSX) or a text/csv body, at most MAX_CSV_BYTES. */
const SheetUpload = createParamDecorator(
  async (_data: unknown, context: ExecutionContext): Promise<Buffer> => {
    const request = context.switchToHttp().getRequest<Request & { file?: { buffer: Buffer } }>();
    if (request.file !== undefined) return request.file.buffer;
    if (!request.is(['text/csv', 'text/plain'])) {
      throw new JoiningException(
        'IMPORT_INVALID_FILE',
        'Send the file as multipart/form-data (field "file", CSV or XLSX) or a CSV as a text/csv body',
      );
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer | string>) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > MAX_CSV_BYTES)
        throw new JoiningException('IMPORT_INVALID_FILE', `The file is larger than ${MAX_CSV_BYTES} bytes`);
      chunks.push(buffer);
    }
    return Buffer.concat(chunks);
  },
);

/** The OpenAPI description and the multipart handling of the two onboarding routes. */
const SheetImportRoute = (): MethodDecorator =>
  applyDecorators(
    ApiConsumes('multipart/form-data', 'text/csv'),
    ApiBody({
      description: `CSV (\`;\` or \`,\`) or XLSX (first sheet) with a header row: ${ONBOARDING_COLUMNS}`,
      schema: {
        type: 'string',
        example:
          'name;kind;email;ean;consentDataProcessing;consentEdcMandate;consentEmail;consentsGivenOn\n' +
          'Jana Nováková;household;jana@example.cz;859182400100000016;ano;ano;ne;2026-11-20',
      },
    }),
    UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_CSV_BYTES } })),
  );

/** Bulk onboarding: members with their points and consents, previewed before anything is stored. */
@ApiTags('joining')
@ApiBearerAuth()
@Controller('communities')
export class OnboardingController {
  constructor(private readonly onboarding: OnboardingService) {}

  @RequireCommunityRole('community-admin')
  @Post(':communityId/onboarding/preview')
  @HttpCode(200)
  @ApiOkResponse({
    type: OnboardingReportView,
    description: 'every row with its problems, after every check of the import; nothing is stored',
  })
  @ApiBadRequestResponse({ description: 'IMPORT_INVALID_FILE' })
  @SheetImportRoute()
  preview(@InCommunity() caller: CommunityCaller, @SheetUpload() file: Buffer): Promise<OnboardingReport> {
    return this.onboarding.run(caller.principal, caller.communityId, file, false);
  }

  @RequireCommunityRole('community-admin')
  @Post(':communityId/onboarding')
  @ApiCreatedResponse({ type: OnboardingReportView, description: 'every row was stored' })
  @ApiBadRequestResponse({ description: 'IMPORT_INVALID_FILE' })
  @ApiUnprocessableEntityResponse({
    description: 'IMPORT_REJECTED: nothing stored; details is the preview (rows with their problems)',
  })
  @SheetImportRoute()
  import(@InCommunity() caller: CommunityCaller, @SheetUpload() file: Buffer): Promise<OnboardingReport> {
    return this.onboarding.run(caller.principal, caller.communityId, file, true);
  }
}
