import type { Routes } from '@angular/router';

import { ComingTopic } from '@sdilna/portal/ui-kit';

/** Internal recharges per organisational unit: a placeholder until the settlement API exists. */
export const municipalityRoutes: Routes = [
  { path: '', title: 'coming.recharges.title', component: ComingTopic, data: { topic: 'recharges' } },
];
