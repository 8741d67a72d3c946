import type { Routes } from '@angular/router';

import { PUBLIC_PAGES } from '@sdilna/shared/util-portal-routes';

/** The public pages (no login): a community's "does joining pay?" page and the join request's confirmation. */
export const publicRoutes: Routes = [
  {
    path: PUBLIC_PAGES.confirm,
    title: 'title.joinConfirm',
    loadComponent: () => import('./join-confirm-page').then((m) => m.JoinConfirmPage),
  },
  {
    path: PUBLIC_PAGES.community,
    title: 'title.joinCommunity',
    loadComponent: () => import('./community-page').then((m) => m.CommunityPage),
  },
];
