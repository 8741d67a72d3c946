import type { Routes } from '@angular/router';

/** The registry of an administrator: members, metering points, sources and invitations (pages load lazily). */
export const registryRoutes: Routes = [
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
    loadComponent: () => import('./metering-points/metering-points-page').then((m) => m.MeteringPointsPage),
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
];
