import type { Routes } from '@angular/router';

import { MemberLayout } from './member-layout';

export const memberRoutes: Routes = [
  {
    path: '',
    component: MemberLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      {
        path: 'dashboard',
        title: 'title.memberDashboard',
        loadComponent: () => import('./member-dashboard-page').then((m) => m.MemberDashboardPage),
      },
      {
        path: 'documents',
        title: 'memberNav.documents',
        loadComponent: () => import('./documents-page').then((m) => m.DocumentsPage),
      },
      {
        path: 'metering-points',
        title: 'memberNav.points',
        loadComponent: () => import('./member-points-page').then((m) => m.MemberPointsPage),
      },
      {
        path: 'profile',
        title: 'profile.title',
        loadComponent: () => import('./profile-page').then((m) => m.ProfilePage),
      },
    ],
  },
];
