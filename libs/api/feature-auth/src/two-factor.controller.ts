import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { AllowedDuringTwoFactorEnrollment, CurrentUser, type Principal } from '@sdilna/api/util-auth';
import { Public } from '@sdilna/api/util-http';
import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import { TokenPairView } from './dtos/auth.dto';
import {
  CompleteTwoFactorSignInDto,
  ConfirmedEnrollmentView,
  DisableTwoFactorDto,
  EnrollmentView,
  RecoveryCodesView,
  SessionView,
  TwoFactorCodeDto,
  TwoFactorPolicyDto,
  TwoFactorPolicyView,
} from './dtos/two-factor.dto';
import { TwoFactorService } from './two-factor.service';

@ApiTags('auth')
@Controller()
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login/two-factor')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairView, description: 'the session is open and counts as two-factor' })
  @ApiUnauthorizedResponse({
    description:
      'TWO_FACTOR_CODE_INVALID (wrong or reused code; 5 per sign-in), TWO_FACTOR_CHALLENGE_INVALID (expired, used or spent)',
  })
  completeSignIn(@Body() body: CompleteTwoFactorSignInDto): Promise<TokenPairView> {
    return this.twoFactor.completeSignIn(body.challengeToken, body.code, body.recoveryCode);
  }

  @ApiBearerAuth()
  @AllowedDuringTwoFactorEnrollment()
  @Post('auth/two-factor/enrollment')
  @ApiCreatedResponse({ type: EnrollmentView, description: 'scan the QR code, then confirm with a code' })
  @ApiConflictResponse({ description: 'TWO_FACTOR_ALREADY_ENABLED' })
  enroll(@CurrentUser() principal: Principal): Promise<EnrollmentView> {
    return this.twoFactor.enroll(principal);
  }

  @ApiBearerAuth()
  @AllowedDuringTwoFactorEnrollment()
  @Post('auth/two-factor/enrollment/confirm')
  @HttpCode(200)
  @ApiOkResponse({
    type: ConfirmedEnrollmentView,
    description: 'two-factor sign-in is on; the other sessions of the account are ended',
  })
  @ApiUnauthorizedResponse({ description: 'TWO_FACTOR_CODE_INVALID' })
  @ApiConflictResponse({
    description: 'TWO_FACTOR_ALREADY_ENABLED, TWO_FACTOR_NOT_ENABLED (no enrolment started)',
  })
  confirm(
    @CurrentUser() principal: Principal,
    @Body() body: TwoFactorCodeDto,
  ): Promise<ConfirmedEnrollmentView> {
    return this.twoFactor.confirm(principal, body.code);
  }

  @ApiBearerAuth()
  @Post('auth/two-factor/recovery-codes')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesView, description: 'new codes; the earlier ones stop working' })
  @ApiUnauthorizedResponse({ description: 'TWO_FACTOR_CODE_INVALID' })
  @ApiConflictResponse({ description: 'TWO_FACTOR_NOT_ENABLED' })
  regenerateRecoveryCodes(
    @CurrentUser() principal: Principal,
    @Body() body: TwoFactorCodeDto,
  ): Promise<RecoveryCodesView> {
    return this.twoFactor.regenerateRecoveryCodes(principal, body.code);
  }

  @ApiBearerAuth()
  @UseGuards(ThrottlerGuard)
  @Post('auth/two-factor/disable')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'two-factor sign-in is off: the authenticator and the recovery codes are forgotten',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: the password and a code or a recovery code' })
  @ApiUnauthorizedResponse({
    description: 'PASSWORD_INVALID (wrong password), TWO_FACTOR_CODE_INVALID (wrong or used code)',
  })
  @ApiConflictResponse({
    description:
      'TWO_FACTOR_NOT_ENABLED, TWO_FACTOR_REQUIRED_BY_COMMUNITY (a community the caller administers or keeps the books of requires it)',
  })
  disable(@CurrentUser() principal: Principal, @Body() body: DisableTwoFactorDto): Promise<void> {
    return this.twoFactor.disable(principal, body.password, body);
  }

  @ApiBearerAuth()
  @AllowedDuringTwoFactorEnrollment()
  @Get('auth/sessions')
  @ApiOkResponse({ type: [SessionView], description: "the caller's live sessions, newest first" })
  sessions(@CurrentUser() principal: Principal): Promise<SessionView[]> {
    return this.twoFactor.listSessions(principal);
  }

  @ApiBearerAuth()
  @AllowedDuringTwoFactorEnrollment()
  @Delete('auth/sessions/:sessionId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the session and its tokens stop working' })
  @ApiNotFoundResponse({ description: 'SESSION_NOT_FOUND (also for a session of someone else)' })
  revokeSession(
    @CurrentUser() principal: Principal,
    @Param('sessionId', IdParamPipe) sessionId: string,
  ): Promise<void> {
    return this.twoFactor.revokeSession(principal, sessionId);
  }

  @ApiBearerAuth()
  @RequireCommunityRole('community-admin')
  @Get('communities/:communityId/two-factor-policy')
  @ApiOkResponse({ type: TwoFactorPolicyView })
  policy(@Param('communityId', IdParamPipe) communityId: string): Promise<TwoFactorPolicyView> {
    return this.twoFactor.policy(communityId);
  }

  @ApiBearerAuth()
  @RequireCommunityRole('community-admin')
  @Put('communities/:communityId/two-factor-policy')
  @ApiOkResponse({ type: TwoFactorPolicyView })
  @ApiForbiddenResponse({ description: 'ROLE_FORBIDDEN: administrators only' })
  @ApiConflictResponse({
    description: 'TWO_FACTOR_NOT_ENABLED: the caller has not signed in with two factors',
  })
  setPolicy(
    @InCommunity() caller: CommunityCaller,
    @Body() body: TwoFactorPolicyDto,
  ): Promise<TwoFactorPolicyView> {
    return this.twoFactor.setPolicy(caller.principal, caller.communityId, body.required);
  }
}
