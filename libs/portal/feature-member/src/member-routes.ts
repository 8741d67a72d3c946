import type { Routes } from '@angular/router';

import { lazyPage } from '@sdilna/portal/ui-kit';

import { MemberLayout } from './member-layout';

export const memberRoutes: Routes = [
  {
    path: '',
    component: MemberLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      lazyPage('dashboard', 'title.memberDashboard', () =>
        import('./member-dashboard-page').then((m) => m.MemberDashboardPage),
      ),
      lazyPage('documents', 'memberNav.documents', () =>
        import('./documents-page').then((m) => m.DocumentsPage),
      ),
      lazyPage('metering-points', 'memberNav.points', () =>
        import('./member-points-page').then((m) => m.MemberPointsPage),
      ),
      lazyPage('notifications', 'notifications.title', () =>
        import('./notifications-page').then((m) => m.NotificationsPage),
      ),
      lazyPage('privacy', 'privacy.title', () => import('./privacy-page').then((m) => m.PrivacyPage)),
      lazyPage('profile', 'profile.title', () => import('./profile-page').then((m) => m.ProfilePage)),
    ],
  },
];
