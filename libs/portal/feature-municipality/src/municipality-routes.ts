import type { Routes } from '@angular/router';

/** Internal recharges between the municipality's units: its documents of kind internal-recharge. */
export const municipalityRoutes: Routes = [
  {
    path: '',
    title: 'recharges.title',
    data: { kind: 'internal-recharge' },
    loadComponent: () => import('@sdilna/portal/feature-member').then((m) => m.DocumentsPage),
  },
];
