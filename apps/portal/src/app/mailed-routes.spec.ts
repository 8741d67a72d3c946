import type { Route, Routes } from '@angular/router';

import {
  billingConnectLink,
  billingLink,
  billingPortalReturnLink,
  documentPaymentLink,
  edcConnectorLink,
  invitationLink,
  joinConfirmLink,
  joinRequestsLink,
  memberDocumentsLink,
  MAILED_ROUTES,
  passwordResetLink,
  passwordResetRequestLink,
  settlementsLink,
} from '@sdilna/shared/util-portal-routes';

import { appRoutes } from './app.routes';

const COMMUNITY = '0b7c3f0e-8d55-4c1e-9b8a-2f0d3a5e6c71';

/** The children of a route, loading a lazy area the way the router does. */
async function childrenOf(route: Route): Promise<Routes | undefined> {
  if (route.children) return route.children;
  if (!route.loadChildren) return undefined;
  const loaded: unknown = await route.loadChildren();
  return Array.isArray(loaded) ? (loaded as Routes) : undefined;
}

/** The page route the router would render for `segments`: never the catch-all, never a redirect. */
async function pageFor(routes: Routes, segments: readonly string[]): Promise<Route | undefined> {
  for (const route of routes) {
    if (route.path === '**' || route.matcher) continue;
    const pattern = (route.path ?? '').split('/').filter((segment) => segment !== '');
    if (pattern.length > segments.length) continue;
    if (!pattern.every((part, index) => part.startsWith(':') || part === segments[index])) continue;
    const rest = segments.slice(pattern.length);
    const children = await childrenOf(route);
    if (children) {
      const found = await pageFor(children, rest);
      if (found) return found;
      continue;
    }
    if (rest.length === 0 && route.redirectTo === undefined && (route.loadComponent || route.component))
      return route;
  }
  return undefined;
}

function segmentsOf(link: string): string[] {
  return new URL(link).pathname.split('/').filter((segment) => segment !== '');
}

describe('pages the API mails link to and Stripe returns to', () => {
  const base = 'https://sdilna.example';
  const links: Record<keyof typeof MAILED_ROUTES, string> = {
    invitation: invitationLink(base, `${COMMUNITY}.x.secret`),
    passwordResetConfirm: passwordResetLink(base, 'x.secret'),
    passwordReset: passwordResetRequestLink(base),
    edcConnector: edcConnectorLink(base, COMMUNITY),
    settlements: settlementsLink(base, COMMUNITY),
    billing: billingLink(base, COMMUNITY, 'done'),
    billingPortalReturn: billingPortalReturnLink(base, COMMUNITY),
    adminDocuments: documentPaymentLink(base, { communityId: COMMUNITY }, 'cancelled'),
    memberDocuments: documentPaymentLink(base, { communityId: COMMUNITY, memberId: COMMUNITY }, 'done'),
    memberDocumentsList: memberDocumentsLink(base, COMMUNITY, COMMUNITY),
    joinConfirm: joinConfirmLink(base, 'x.secret'),
    joinRequests: joinRequestsLink(base, COMMUNITY),
    billingConnect: billingConnectLink(base, COMMUNITY, 'done'),
  };

  it('every mailed route is a page of the portal router, not "page not found"', async () => {
    for (const [name, link] of Object.entries(links)) {
      const page = await pageFor(appRoutes, segmentsOf(link));
      expect(page, `${name}: ${link}`).toBeDefined();
    }
  });

  it('the pages with a token read it from the query the link carries', async () => {
    for (const name of ['invitation', 'passwordResetConfirm', 'joinConfirm'] as const) {
      expect(MAILED_ROUTES[name].query).toEqual(['token']);
      expect(new URL(links[name]).searchParams.get('token')).toContain('secret');
      expect(await pageFor(appRoutes, segmentsOf(links[name]))).toBeDefined();
    }
  });

  it('the old links the mails carried are not pages (the walk can fail)', async () => {
    for (const path of [
      '/invitations/accept',
      '/reset-password',
      `/communities/${COMMUNITY}/settlements/x`,
    ]) {
      expect(await pageFor(appRoutes, segmentsOf(`${base}${path}`)), path).toBeUndefined();
    }
  });
});
