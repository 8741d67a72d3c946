import type { Routes } from '@angular/router';

import { AdminLayout } from './layout/admin-layout';

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
      {
        path: 'members',
        title: 'title.members',
        loadComponent: () => import('./members/members-page').then((m) => m.MembersPage),
      },
      {
        path: 'members/import',
        title: 'title.membersImport',
        data: { target: 'members' },
        loadComponent: () => import('./members/csv-import-page').then((m) => m.CsvImportPage),
      },
      {
        path: 'members/:memberId',
        title: 'title.member',
        loadComponent: () => import('./members/member-form-page').then((m) => m.MemberFormPage),
      },
      {
        path: 'metering-points',
        title: 'title.points',
        loadComponent: () =>
          import('./metering-points/metering-points-page').then((m) => m.MeteringPointsPage),
      },
      {
        path: 'metering-points/import',
        title: 'title.pointsImport',
        data: { target: 'metering-points' },
        loadComponent: () => import('./members/csv-import-page').then((m) => m.CsvImportPage),
      },
      {
        path: 'metering-points/:pointId',
        title: 'title.point',
        loadComponent: () => import('./metering-points/metering-point-page').then((m) => m.MeteringPointPage),
      },
      {
        path: 'sources',
        title: 'title.sources',
        loadComponent: () => import('./sources/sources-page').then((m) => m.SourcesPage),
      },
      {
        path: 'sources/:sourceId',
        title: 'title.source',
        loadComponent: () => import('./sources/source-page').then((m) => m.SourcePage),
      },
      {
        path: 'invitations',
        title: 'title.invitations',
        loadComponent: () => import('./invitations/invitations-page').then((m) => m.InvitationsPage),
      },
      {
        path: 'allocation-key',
        title: 'title.key',
        loadComponent: () => import('./allocation-key/key-editor-page').then((m) => m.KeyEditorPage),
      },
      {
        path: 'imports',
        title: 'title.imports',
        loadComponent: () => import('./imports/imports-page').then((m) => m.ImportsPage),
      },
      {
        path: 'edc-connector',
        title: 'edc.title',
        loadComponent: () => import('./edc-connector/edc-connector-page').then((m) => m.EdcConnectorPage),
      },
      {
        path: 'completeness',
        title: 'title.completeness',
        loadComponent: () => import('./completeness/completeness-page').then((m) => m.CompletenessPage),
      },
      {
        path: 'discrepancies',
        title: 'title.discrepancies',
        loadComponent: () => import('./discrepancies/discrepancies-page').then((m) => m.DiscrepanciesPage),
      },
      {
        path: 'price-lists',
        title: 'prices.title',
        loadComponent: () => import('./price-lists/price-lists-page').then((m) => m.PriceListsPage),
      },
      {
        path: 'settlements',
        title: 'settlements.title',
        loadComponent: () => import('./settlements/settlements-page').then((m) => m.SettlementsPage),
      },
      {
        path: 'documents',
        title: 'documents.title',
        loadComponent: () => import('@sdilna/portal/feature-member').then((m) => m.DocumentsPage),
      },
      {
        path: 'billing',
        title: 'billing.title',
        loadComponent: () => import('./billing/billing-page').then((m) => m.BillingPage),
      },
    ],
  },
];
