import { inject } from '@angular/core';
import { type CanActivateFn, RedirectCommand, Router } from '@angular/router';

import type { CommunityRole } from './auth-models';
import { Session } from './session';

/** Signed in, else the login page with a way back. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const me = await inject(Session).ensureMe();
  return me ? true : inject(Router).createUrlTree(['/auth/login'], { queryParams: { returnUrl: state.url } });
};

/** Pages for visitors (login, signup): a signed-in user goes home instead. */
export const visitorGuard: CanActivateFn = async () => {
  const session = inject(Session);
  const me = await session.ensureMe();
  return me ? inject(Router).parseUrl(session.homeUrl(me)) : true;
};

/**
 * The route's `:communityId` (and, for members, `:memberId`) must belong to the caller with one of `roles`.
 * Anything else shows "not found" at the same address: another community's or member's id is not
 * confirmed to exist, exactly as the API answers 404.
 */
export function roleGuard(...roles: CommunityRole[]): CanActivateFn {
  return async (route, state) => {
    const session = inject(Session);
    const router = inject(Router);
    const me = await session.ensureMe();
    if (!me) return router.createUrlTree(['/auth/login'], { queryParams: { returnUrl: state.url } });
    const communityId = route.paramMap.get('communityId');
    const memberId = route.paramMap.get('memberId');
    const allowed = me.memberships.some(
      (m) =>
        m.communityId === communityId &&
        roles.includes(m.role) &&
        (memberId === null || m.role === 'community-admin' || m.memberId === memberId),
    );
    return allowed ? true : new RedirectCommand(router.parseUrl('/not-found'), { skipLocationChange: true });
  };
}
