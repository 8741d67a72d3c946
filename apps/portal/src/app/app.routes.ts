import type { Routes } from '@angular/router';

import { roleGuard, signedInGuard } from '@sdilna/portal/data-access-auth';
import { PORTAL_AREAS } from '@sdilna/shared/util-portal-routes';

export const appRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'title.start',
    loadComponent: () => import('./start/start-page').then((m) => m.StartPage),
  },
  {
    path: PORTAL_AREAS.auth,
    loadChildren: () => import('@sdilna/portal/feature-auth').then((m) => m.authRoutes),
  },
  {
    path: PORTAL_AREAS.public,
    loadChildren: () => import('@sdilna/portal/feature-public').then((m) => m.publicRoutes),
  },
  {
    path: PORTAL_AREAS.admin,
    canActivate: [roleGuard('community-admin')],
    loadChildren: () => import('@sdilna/portal/feature-admin').then((m) => m.adminRoutes),
  },
  {
    path: PORTAL_AREAS.member,
    canActivate: [roleGuard('member', 'community-admin')],
    loadChildren: () => import('@sdilna/portal/feature-member').then((m) => m.memberRoutes),
  },
  {
    path: 'municipality/:communityId/:memberId',
    canActivate: [roleGuard('municipality-accountant', 'community-admin')],
    loadChildren: () => import('@sdilna/portal/feature-municipality').then((m) => m.municipalityRoutes),
  },
  {
    path: 'no-community',
    canActivate: [signedInGuard],
    title: 'title.noCommunity',
    loadComponent: () => import('./not-found/no-community-page').then((m) => m.NoCommunityPage),
  },
  {
    path: '**',
    title: 'title.notFound',
    loadComponent: () => import('./not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
