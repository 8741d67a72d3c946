import { Body, Controller, Get, Headers, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';

import type { UserEntity } from '@sdilna/api/data-access-registry';
import { AllowedDuringTwoFactorEnrollment, CurrentUser, type Principal } from '@sdilna/api/util-auth';
import { Public } from '@sdilna/api/util-http';
import { statedLanguageOf } from '@sdilna/api/util-mail';

import { AuthService } from './auth.service';
import {
  AcceptedInvitationView,
  AcceptInvitationDto,
  LoginDto,
  MeView,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  SignupDto,
  SignupView,
  TokenPairView,
} from './dtos/auth.dto';
import { TwoFactorChallengeView } from './dtos/two-factor.dto';
import { LocalAuthGuard } from './local-auth.guard';
import { clientAddress } from './local.strategy';
import { TwoFactorService } from './two-factor.service';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/signup')
  @ApiCreatedResponse({ type: SignupView, description: 'the new user administers the new community' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  async signup(
    @Body() body: SignupDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<SignupView> {
    const view = await this.auth.signup(body);
    // The portal's language becomes the person's: the worker's mails to them are written in it.
    await this.auth.rememberLanguage(view.user.id, statedLanguageOf(acceptLanguage));
    return view;
  }

  @Public()
  // The throttle runs before the password check, so a locked-out caller cannot keep guessing.
  @UseGuards(ThrottlerGuard, LocalAuthGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiBody({ type: LoginDto })
  @ApiExtraModels(TokenPairView, TwoFactorChallengeView)
  @ApiOkResponse({
    description:
      'the tokens, or, for an account with two-factor sign-in, a challenge to finish with POST /api/auth/login/two-factor',
    schema: {
      oneOf: [{ $ref: getSchemaPath(TokenPairView) }, { $ref: getSchemaPath(TwoFactorChallengeView) }],
    },
  })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({
    description:
      'too many attempts for this e-mail from this address (wait a minute), or TOO_MANY_ATTEMPTS: the account ' +
      'is locked after 10 wrong passwords, or this address sent 30 wrong passwords (15 minutes)',
  })
  async login(
    @Req() request: Request & { user: UserEntity },
  ): Promise<TokenPairView | TwoFactorChallengeView> {
    const answer = await this.twoFactor.signIn(request.user.id, { userAgent: userAgentOf(request) });
    await this.auth.rememberLanguage(request.user.id, statedLanguageOf(request.headers['accept-language']));
    return answer;
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOkResponse({
    type: TokenPairView,
    description: 'a new pair; the presented refresh token stops working',
  })
  @ApiUnauthorizedResponse({
    description: 'REFRESH_TOKEN_INVALID, or REFRESH_TOKEN_REUSED (the whole session is ended)',
  })
  refresh(@Body() body: RefreshDto): Promise<TokenPairView> {
    return this.auth.refresh(body.refreshToken);
  }

  @ApiBearerAuth()
  @AllowedDuringTwoFactorEnrollment()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: "ends the caller's session: its refresh and access tokens stop working",
  })
  logout(@CurrentUser() principal: Principal): Promise<void> {
    return this.auth.logout(principal);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/password-reset')
  @HttpCode(202)
  @ApiAcceptedResponse({
    description: 'a link is mailed if the e-mail has an account (the answer is the same either way)',
  })
  @ApiTooManyRequestsResponse({
    description: 'TOO_MANY_ATTEMPTS: too many reset requests for this e-mail or from this address',
  })
  async requestPasswordReset(
    @Body() body: PasswordResetRequestDto,
    @Req() request: Request,
  ): Promise<{ status: 'accepted' }> {
    // The mail speaks the language of the portal page it was asked from, else the account's remembered one.
    await this.auth.requestPasswordReset(
      body.email,
      clientAddress(request),
      statedLanguageOf(request.headers['accept-language']),
    );
    return { status: 'accepted' };
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/password-reset/confirm')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'password changed; every session of the account is ended' })
  confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<void> {
    return this.auth.confirmPasswordReset(body);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/invitations/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: AcceptedInvitationView })
  acceptInvitation(
    @Body() body: AcceptInvitationDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<AcceptedInvitationView> {
    return this.auth.acceptInvitation(body, statedLanguageOf(acceptLanguage));
  }

  @ApiBearerAuth()
  @AllowedDuringTwoFactorEnrollment()
  @Get('me')
  @ApiOkResponse({ type: MeView })
  me(@CurrentUser() principal: Principal): Promise<MeView> {
    return this.auth.me(principal);
  }
}

/** The browser that signs in, for the session list; control characters and excess length dropped. */
function userAgentOf(request: Request): string | undefined {
  const header = request.headers['user-agent'];
  if (typeof header !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const clean = header.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' ? undefined : clean.slice(0, 300);
}
