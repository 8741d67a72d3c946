import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';

import type { Principal, SessionClaims } from './principal';

type AuthenticatedRequest = Request & { user?: Principal; claims?: SessionClaims };

/** The verified caller of a request; only on private routes, where the global guard has put it on the request. */
export function principalOf(context: ExecutionContext): Principal {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (request.user === undefined) throw new UnauthorizedException('Sign in first');
  return request.user;
}

/** The verified caller; only on private routes, where the global guard has put it on the request. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(context),
);

/**
 * The caller's token claims: on `@SessionCheckedInQuery()` routes the claims the guard verified (the session is
 * checked by the route's statement), elsewhere those of the verified principal.
 */
export const CurrentClaims = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SessionClaims => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const claims = request.claims ?? request.user;
    if (claims === undefined) throw new UnauthorizedException('Sign in first');
    return { userId: claims.userId, sessionId: claims.sessionId };
  },
);
