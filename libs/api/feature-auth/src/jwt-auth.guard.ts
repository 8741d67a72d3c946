import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Observable } from 'rxjs';

import { IS_PUBLIC_KEY } from '@sdilna/api/util-http';

import { AuthException } from './auth.exception';

/** The global guard: every route needs a valid access token unless it is marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> | Observable<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof AuthException) throw error;
    if (error !== null && error !== undefined) throw new AuthException('UNAUTHENTICATED', 'Sign in first');
    if (user === false || user === null || user === undefined) {
      throw new AuthException('UNAUTHENTICATED', 'A valid access token is required (Authorization: Bearer)');
    }
    return user;
  }
}
