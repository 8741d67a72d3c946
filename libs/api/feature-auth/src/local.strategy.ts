import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';

import type { UserEntity } from '@sdilna/api/data-access-registry';

import { AuthService } from './auth.service';

/** E-mail and password from the JSON body (passport-local); the request gives the client address to the limits. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: Request, email: string, password: string): Promise<UserEntity> {
    return this.auth.verifyCredentials(email, password, clientAddress(request));
  }
}

/** The client address Express derived (the connection's unless TRUSTED_PROXIES names the proxy). */
export function clientAddress(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
