import type { Routes } from '@angular/router';

export const appRoutes: Routes = [
  { path: '', pathMatch: 'full', loadComponent: () => import('./start/start-page').then((m) => m.StartPage) },
  { path: '**', redirectTo: '' },
];
