import type { Routes } from '@angular/router';

import { signedInGuard, visitorGuard } from '@sdilna/portal/data-access-auth';
import { AUTH_PAGES } from '@sdilna/shared/util-portal-routes';

/** Paths from the shared route table: the API's mails link to the invitation and password-reset pages. */
export const authRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: AUTH_PAGES.login },
  {
    path: AUTH_PAGES.login,
    canActivate: [visitorGuard],
    title: 'title.login',
    loadComponent: () => import('./login-page').then((m) => m.LoginPage),
  },
  {
    path: AUTH_PAGES.signup,
    canActivate: [visitorGuard],
    title: 'title.signup',
    loadComponent: () => import('./signup-page').then((m) => m.SignupPage),
  },
  {
    path: AUTH_PAGES.invitation,
    loadComponent: () => import('./invitation-page').then((m) => m.InvitationPage),
  },
  {
    path: AUTH_PAGES.passwordReset,
    loadComponent: () => import('./password-reset-page').then((m) => m.PasswordResetPage),
  },
  {
    path: AUTH_PAGES.security,
    canActivate: [signedInGuard],
    title: 'title.security',
    loadComponent: () => import('./security-page').then((m) => m.SecurityPage),
  },
  {
    path: AUTH_PAGES.passwordResetConfirm,
    loadComponent: () => import('./password-reset-confirm-page').then((m) => m.PasswordResetConfirmPage),
  },
];
