import type { Routes } from '@angular/router';

import { signedInGuard, visitorGuard } from '@sdilna/portal/data-access-auth';

export const authRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'login' },
  {
    path: 'login',
    canActivate: [visitorGuard],
    title: 'title.login',
    loadComponent: () => import('./login-page').then((m) => m.LoginPage),
  },
  {
    path: 'signup',
    canActivate: [visitorGuard],
    title: 'title.signup',
    loadComponent: () => import('./signup-page').then((m) => m.SignupPage),
  },
  { path: 'invitation', loadComponent: () => import('./invitation-page').then((m) => m.InvitationPage) },
  {
    path: 'password-reset',
    loadComponent: () => import('./password-reset-page').then((m) => m.PasswordResetPage),
  },
  {
    path: 'security',
    canActivate: [signedInGuard],
    title: 'title.security',
    loadComponent: () => import('./security-page').then((m) => m.SecurityPage),
  },
  {
    path: 'password-reset/confirm',
    loadComponent: () => import('./password-reset-confirm-page').then((m) => m.PasswordResetConfirmPage),
  },
];
