import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

import { AuthException } from './auth.exception';

@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof AuthException) throw error;
    if (error !== null && error !== undefined) throw error;
    // passport-local fails without calling validate when a field is missing: same answer as a wrong password.
    if (user === false || user === null || user === undefined)
      throw new AuthException('INVALID_CREDENTIALS', 'Wrong e-mail or password');
    return user;
  }
}
