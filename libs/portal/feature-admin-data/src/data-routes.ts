import type { Routes } from '@angular/router';

import { lazyPage } from '@sdilna/portal/ui-kit';

/** EDC data of an administrator: imports, the EDC portal connector, completeness and discrepancies. */
export const dataRoutes: Routes = [
  lazyPage('imports', 'title.imports', () => import('./imports/imports-page').then((m) => m.ImportsPage)),
  lazyPage('edc-connector', 'edc.title', () =>
    import('./edc-connector/edc-connector-page').then((m) => m.EdcConnectorPage),
  ),
  lazyPage('completeness', 'title.completeness', () =>
    import('./completeness/completeness-page').then((m) => m.CompletenessPage),
  ),
  lazyPage('discrepancies', 'title.discrepancies', () =>
    import('./discrepancies/discrepancies-page').then((m) => m.DiscrepanciesPage),
  ),
];
