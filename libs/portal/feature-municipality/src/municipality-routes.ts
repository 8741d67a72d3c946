import type { Routes } from '@angular/router';

/** The municipality's accountant: internal recharges per organisational unit and month, down to each document. */
export const municipalityRoutes: Routes = [
  {
    path: '',
    title: 'recharges.title',
    loadComponent: () => import('./recharges-page').then((m) => m.RechargesPage),
  },
];
