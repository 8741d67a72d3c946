import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import { type CommunityCaller, InCommunity } from '@sdilna/api/util-registry';

import { KeyAdviceJobView, KeyAdviceRequestDto } from './key-advice.dto';
import { KeyAdviceService } from './key-advice.service';

@ApiTags('allocation-keys')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'no such community, or not one of the caller' })
@ApiForbiddenResponse({ description: 'administrators only' })
@Controller('communities/:communityId/key-advice')
export class KeyAdviceController {
  constructor(private readonly advice: KeyAdviceService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: KeyAdviceJobView,
    description:
      'starts the search of a key on the picked months (a job; the same request answers from the same job while it runs and for an hour after); poll GET …/key-advice/:jobId for progress and the answer',
  })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED (months not YYYY-MM, 1–6; percentages 0–100 with ≤ 2 decimals; rounds 1–5); KEY_ADVICE_INVALID: a month named twice or not over yet, an unknown sharing group, or none named where the community has several',
  })
  start(
    @InCommunity() caller: CommunityCaller,
    @Body() body: KeyAdviceRequestDto,
  ): Promise<KeyAdviceJobView> {
    return this.advice.start(caller.principal, caller.communityId, body);
  }

  @Get(':jobId')
  @ApiOkResponse({
    type: KeyAdviceJobView,
    description: 'state (waiting, running, done, failed), progress 0–100, and the answer when done',
  })
  get(@InCommunity() caller: CommunityCaller, @Param('jobId') jobId: string): Promise<KeyAdviceJobView> {
    return this.advice.get(caller.principal, caller.communityId, jobId);
  }
}
