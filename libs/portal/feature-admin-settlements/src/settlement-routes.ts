import type { Routes } from '@angular/router';

/** Money of an administrator: price lists, settlement runs, issued documents and the subscription. */
export const settlementRoutes: Routes = [
  {
    path: 'price-lists',
    title: 'prices.title',
    loadComponent: () => import('./price-lists/price-lists-page').then((m) => m.PriceListsPage),
  },
  {
    path: 'settlements',
    title: 'settlements.title',
    loadComponent: () => import('./settlements/settlements-page').then((m) => m.SettlementsPage),
  },
  {
    path: 'documents',
    title: 'documents.title',
    loadComponent: () => import('@sdilna/portal/feature-member').then((m) => m.DocumentsPage),
  },
  {
    path: 'billing',
    title: 'billing.title',
    loadComponent: () => import('./billing/billing-page').then((m) => m.BillingPage),
  },
];
