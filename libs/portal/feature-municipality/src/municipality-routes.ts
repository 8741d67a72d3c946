import type { Routes } from '@angular/router';

import { lazyPage } from '@sdilna/portal/ui-kit';

/** The municipality's accountant: internal recharges per organisational unit and month, down to each document. */
export const municipalityRoutes: Routes = [
  lazyPage('', 'recharges.title', () => import('./recharges-page').then((m) => m.RechargesPage)),
];
