import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';

import type { Principal } from './principal';

/** The verified caller; only on private routes, where the global guard has put it on the request. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<Request & { user?: Principal }>();
  if (request.user === undefined) throw new UnauthorizedException('Sign in first');
  return request.user;
});
