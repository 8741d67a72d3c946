import type { Routes } from '@angular/router';

/** EDC data of an administrator: imports, the EDC portal connector, completeness and discrepancies. */
export const dataRoutes: Routes = [
  {
    path: 'imports',
    title: 'title.imports',
    loadComponent: () => import('./imports/imports-page').then((m) => m.ImportsPage),
  },
  {
    path: 'edc-connector',
    title: 'edc.title',
    loadComponent: () => import('./edc-connector/edc-connector-page').then((m) => m.EdcConnectorPage),
  },
  {
    path: 'completeness',
    title: 'title.completeness',
    loadComponent: () => import('./completeness/completeness-page').then((m) => m.CompletenessPage),
  },
  {
    path: 'discrepancies',
    title: 'title.discrepancies',
    loadComponent: () => import('./discrepancies/discrepancies-page').then((m) => m.DiscrepanciesPage),
  },
];
