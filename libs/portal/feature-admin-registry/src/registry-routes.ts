import type { Routes } from '@angular/router';

import { lazyPage } from '@sdilna/portal/ui-kit';
import { ADMIN_PAGES } from '@sdilna/shared/util-portal-routes';

/** The registry of an administrator: members, metering points, sources, sharing groups and invitations (pages load lazily). */
export const registryRoutes: Routes = [
  lazyPage('members', 'title.members', () => import('./members/members-page').then((m) => m.MembersPage)),
  lazyPage(
    'members/import',
    'title.membersImport',
    () => import('./members/csv-import-page').then((m) => m.CsvImportPage),
    { data: { target: 'members' } },
  ),
  lazyPage('members/onboarding', 'title.onboarding', () =>
    import('./members/onboarding-page').then((m) => m.OnboardingPage),
  ),
  lazyPage('members/:memberId', 'title.member', () =>
    import('./members/member-form-page').then((m) => m.MemberFormPage),
  ),
  lazyPage('metering-points', 'title.points', () =>
    import('./metering-points/metering-points-page').then((m) => m.MeteringPointsPage),
  ),
  lazyPage(
    'metering-points/import',
    'title.pointsImport',
    () => import('./members/csv-import-page').then((m) => m.CsvImportPage),
    { data: { target: 'metering-points' } },
  ),
  lazyPage('metering-points/:pointId', 'title.point', () =>
    import('./metering-points/metering-point-page').then((m) => m.MeteringPointPage),
  ),
  lazyPage('sources', 'title.sources', () => import('./sources/sources-page').then((m) => m.SourcesPage)),
  lazyPage('sources/:sourceId', 'title.source', () =>
    import('./sources/source-page').then((m) => m.SourcePage),
  ),
  lazyPage('sharing-groups', 'groups.title', () =>
    import('./sharing-groups/sharing-groups-page').then((m) => m.SharingGroupsPage),
  ),
  lazyPage('sharing-groups/:groupId', 'title.sharingGroup', () =>
    import('./sharing-groups/sharing-group-page').then((m) => m.SharingGroupPage),
  ),
  lazyPage('invitations', 'title.invitations', () =>
    import('./invitations/invitations-page').then((m) => m.InvitationsPage),
  ),
  lazyPage(ADMIN_PAGES.joinRequests, 'title.joinRequests', () =>
    import('./join-requests/join-requests-page').then((m) => m.JoinRequestsPage),
  ),
];
