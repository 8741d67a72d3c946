import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';

import { CommunitiesModule } from '@sdilna/api/feature-communities';
import { AppConfig } from '@sdilna/api/util-config';

import { AccessTokenVerifier } from './access-token-verifier';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { LocalAuthGuard } from './local-auth.guard';
import { LocalStrategy } from './local.strategy';
import { PasswordHasher } from './password-hasher';
import { ACCESS_TOKEN_TTL_SECONDS, SessionTokens } from './session-tokens';
import { SignInLimits } from './sign-in-limits';
import { TwoFactorController } from './two-factor.controller';
import { TwoFactorService } from './two-factor.service';

/**
 * Credential endpoints are throttled per client address and subject, 5 attempts a minute: the e-mail for
 * signup, login and reset requests, the ids of the link for invitation and reset tokens. Keying on the subject
 * means one office behind a NAT does not lock out its colleagues; the secrets themselves are 256-bit random.
 */
function credentialTracker(request: Record<string, unknown>): string {
  const req = request as unknown as Request;
  const body: unknown = req.body;
  let subject = '';
  if (typeof body === 'object' && body !== null) {
    if ('email' in body && typeof body.email === 'string') subject = body.email.trim().toLowerCase();
    else if ('token' in body && typeof body.token === 'string')
      subject = body.token.split('.').slice(0, -1).join('.');
    else if ('challengeToken' in body && typeof body.challengeToken === 'string')
      subject = body.challengeToken.split('.').slice(0, -1).join('.');
  }
  return `${req.ip ?? 'unknown'}|${subject}`;
}

@Module({
  imports: [
    CommunitiesModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.JWT_ACCESS_SECRET,
        signOptions: { expiresIn: ACCESS_TOKEN_TTL_SECONDS, algorithm: 'HS256' as const },
      }),
    }),
    ThrottlerModule.forRoot({
      throttlers: [{ name: 'credentials', ttl: 60_000, limit: 5 }],
      getTracker: credentialTracker,
      errorMessage: 'Too many attempts; wait a minute and try again',
    }),
  ],
  controllers: [AuthController, TwoFactorController],
  providers: [
    AuthService,
    SessionTokens,
    PasswordHasher,
    JwtStrategy,
    LocalStrategy,
    LocalAuthGuard,
    SignInLimits,
    TwoFactorService,
    AccessTokenVerifier,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [AccessTokenVerifier],
})
export class AuthModule {}
