import type { Routes } from '@angular/router';

import { dataRoutes } from '@sdilna/portal/feature-admin-data';
import { keyRoutes } from '@sdilna/portal/feature-admin-keys';
import { registryRoutes } from '@sdilna/portal/feature-admin-registry';
import { settlementRoutes } from '@sdilna/portal/feature-admin-settlements';
import { lazyPage } from '@sdilna/portal/ui-kit';

import { AdminLayout } from './layout/admin-layout';

/** The administrator's shell: the layout and dashboard here, each area's pages in its own library. */
export const adminRoutes: Routes = [
  {
    path: '',
    component: AdminLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      {
        path: 'dashboard',
        title: 'title.adminDashboard',
        loadComponent: () => import('./dashboard/dashboard-page').then((m) => m.DashboardPage),
      },
      ...registryRoutes,
      ...keyRoutes,
      ...dataRoutes,
      ...settlementRoutes,
      lazyPage('notifications', 'notifications.title', () =>
        import('@sdilna/portal/feature-member').then((m) => m.NotificationsPage),
      ),
      lazyPage('audit-log', 'audit.title', () =>
        import('./audit-log/audit-log-page').then((m) => m.AuditLogPage),
      ),
    ],
  },
];
