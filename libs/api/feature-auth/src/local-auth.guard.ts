import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';

import { createValidationPipe } from '@sdilna/api/util-http';

import { AuthException } from './auth.exception';
import { LoginDto } from './dtos/auth.dto';

@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly validation = createValidationPipe();

  /**
   * Guards run before pipes, so the login body is validated here, before passport-local hands its fields to the
   * password check: a number or an object as e-mail is a 400 like any other malformed body, not a 500.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    await this.validation.transform(request.body, { type: 'body', metatype: LoginDto });
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof AuthException) throw error;
    if (error !== null && error !== undefined) throw error;
    // passport-local fails without calling validate when a field is missing: same answer as a wrong password.
    if (user === false || user === null || user === undefined)
      throw new AuthException('INVALID_CREDENTIALS', 'Wrong e-mail or password');
    return user;
  }
}
