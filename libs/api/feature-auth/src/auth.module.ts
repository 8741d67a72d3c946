import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';

import { CommunitiesModule } from '@sdilna/api/feature-communities';
import { AppConfig } from '@sdilna/api/util-config';

import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { LocalAuthGuard } from './local-auth.guard';
import { LocalStrategy } from './local.strategy';
import { PasswordHasher } from './password-hasher';
import { ACCESS_TOKEN_TTL_SECONDS, SessionTokens } from './session-tokens';

/**
 * Credential endpoints are throttled per client address and e-mail: 5 attempts a minute. Keying on the e-mail
 * too means one office behind a NAT does not lock out its colleagues.
 */
function credentialTracker(request: Record<string, unknown>): string {
  const req = request as unknown as Request;
  const body: unknown = req.body;
  const email =
    typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  return `${req.ip ?? 'unknown'}|${email}`;
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
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionTokens,
    PasswordHasher,
    JwtStrategy,
    LocalStrategy,
    LocalAuthGuard,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
})
export class AuthModule {}
